/**
 * The clipping stage every optimizer starts with (Keras' `clipvalue`/`clipnorm`/`global_clipnorm`).
 * @internal
 * @module
 */
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import { type ClippingOptions, checkOneClipping } from '../hyperparams.js';
import { clipByGlobalNorm } from '../transforms/clipByGlobalNorm.js';
import { clipByNorm } from '../transforms/clipByNorm.js';
import { clipByValue } from '../transforms/clipByValue.js';
import { identity } from '../transforms/identity.js';

/** The clip transformation the options ask for, or `identity()` (state is always empty). */
export function clippingStage(op: string, o: ClippingOptions): GradientTransformation<EmptyState> {
  checkOneClipping(op, o);
  if (o.clipValue !== undefined) return clipByValue(o.clipValue);
  if (o.clipNorm !== undefined) return clipByNorm(o.clipNorm);
  if (o.globalClipNorm !== undefined) return clipByGlobalNorm(o.globalClipNorm);
  return identity();
}
