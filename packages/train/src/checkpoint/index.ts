// Checkpoints: encode/decode (io-ts validated) and atomic files.
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, decodeCheckpoint, encodeCheckpoint } from './codec.js';
export { type CheckpointErrors, formatCheckpointErrors } from './errors.js';
export { loadCheckpoint, saveCheckpoint } from './files.js';
export { DTypeCodec, type EncodedNode, TreeCodec } from './treeCodec.js';
