import type { Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeCheckpoint, encodeCheckpoint } from './codec.js';
import type { CheckpointErrors } from './errors.js';

/**
 * Writes `encodeCheckpoint(state)` to `path` atomically: the text goes to a temporary file in the same
 * directory (`.<name>.<pid>.<random>.tmp`), which is flushed to disk (`fsync`) and then renamed over
 * `path` (and the directory is synced where possible), so a crash leaves either the old checkpoint or
 * the new one, never a torn file. Node only (`node:fs` is loaded when called, so importing this package
 * stays browser-safe).
 *
 * @param path - Destination file; its directory must exist.
 * @param state - A `TrainState` or any pytree `encodeCheckpoint` accepts.
 * @returns A promise resolved once the file is in place.
 * @throws TensorError `INVALID_ARGUMENT` (as `encodeCheckpoint`) before anything is written; file-system
 * errors reject the promise (the temporary file is removed).
 * @example
 * ```ts
 * await saveCheckpoint('run/ckpt.json', state);
 * ```
 * @category checkpoints
 * @since 0.1.0
 */
export async function saveCheckpoint(path: string, state: unknown): Promise<void> {
  const text = encodeCheckpoint(state);
  const fs = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  const { randomBytes } = await import('node:crypto');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  // Make the rename itself durable where directories can be synced (POSIX); elsewhere skip.
  try {
    const dir = await fs.open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Not supported on this platform (e.g. Windows): the file is in place, only the durability hint is lost.
  }
}

/**
 * Reads and decodes a checkpoint file (see `decodeCheckpoint`). Every failure, including a missing or
 * unreadable file, is a `Left` naming the problem; the promise itself does not reject.
 *
 * @param path - The file written by {@link saveCheckpoint}.
 * @param like - A template state for checking structure, dtypes and shapes (and typing the result).
 * @returns A promise of `Right(state)` or `Left(errors)`.
 * @example
 * ```ts
 * const r = await loadCheckpoint('run/ckpt.json', state0);
 * const state = isRight(r) ? r.right : state0;
 * ```
 * @category checkpoints
 * @since 0.1.0
 */
export async function loadCheckpoint(path: string): Promise<Either<CheckpointErrors, unknown>>;
export async function loadCheckpoint<T>(path: string, like: T): Promise<Either<CheckpointErrors, T>>;
export async function loadCheckpoint<T>(path: string, like?: T): Promise<Either<CheckpointErrors, unknown>> {
  const fs = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    return t.failure(
      path,
      [{ key: '', type: t.string, actual: path }],
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  return like === undefined ? decodeCheckpoint(bytes) : decodeCheckpoint(bytes, like);
}
