// Autodiff transformations.
export {
  type CustomVjpRule,
  customVjp,
  grad,
  jvp,
  stopGradient,
  type ValueAndGradOptions,
  valueAndGrad,
  vjp,
} from './transforms.js';
