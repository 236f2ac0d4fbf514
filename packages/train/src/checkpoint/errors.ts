import type * as t from 'io-ts';

/**
 * The errors of a failed checkpoint decoding (io-ts validation errors).
 * @category checkpoints
 * @since 0.1.0
 */
export type CheckpointErrors = t.Errors;

/** `a.b[0].c` from the keys of an io-ts context (the root and the envelope's `payload` key omitted). */
function pathOf(context: t.Context): string {
  let path = '';
  context.forEach((entry, i) => {
    const k = entry.key;
    if (k === '' || (i === 1 && k === 'payload')) return;
    if (/^\d+$/.test(k)) path += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(k)) path += path === '' ? k : `.${k}`;
    else path += `[${JSON.stringify(k)}]`;
  });
  return path;
}

/**
 * Readable messages for checkpoint errors, one per problem: `path: message`, the path into the state
 * (`params[0].kernel: …`), or `checkpoint: …` for problems of the file as a whole.
 *
 * @param errors - The `Left` of `decodeCheckpoint` or `loadCheckpoint`.
 * @returns One line per error.
 * @example
 * ```ts
 * const r = decodeCheckpoint(text, state);
 * if (isLeft(r)) console.error(formatCheckpointErrors(r.left).join('\n'));
 * ```
 * @category checkpoints
 * @since 0.1.0
 */
export function formatCheckpointErrors(errors: CheckpointErrors): string[] {
  return errors.map((e) => {
    const path = pathOf(e.context);
    return `${path === '' ? 'checkpoint' : path}: ${e.message ?? 'invalid value'}`;
  });
}
