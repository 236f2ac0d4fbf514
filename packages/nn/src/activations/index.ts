// Activations: elementwise and axis-wise, each with a fused, numerically stable gradient.
export { elu, SELU_ALPHA, SELU_SCALE, selu } from './elu.js';
export { type GeluOptions, gelu } from './gelu.js';
export { leakyRelu, relu, relu6 } from './relu.js';
export { hardSigmoid, sigmoid, silu, softplus, swish } from './sigmoid.js';
export { logSoftmax, softmax } from './softmax.js';
export { mish, softsign, tanh } from './tanh.js';
