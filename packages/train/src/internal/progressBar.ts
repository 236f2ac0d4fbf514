import cliProgress from 'cli-progress';

/** A writable terminal stream (process.stdout, or a stand-in in tests). @internal */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): unknown;
}

/** Renders one progress bar per epoch. @internal */
export interface ProgressBar {
  startEpoch(epoch: number, epochs: number, total: number | undefined): void;
  step(done: number, loss: number): void;
  endEpoch(summary: string): void;
  /** Stops a bar still running (after an error); a no-op otherwise. */
  close(): void;
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(4) : String(v));

/** A cli-progress bar on `stream` (one line per epoch, Keras-like). @internal */
export function terminalProgressBar(stream: ProgressStream, forced: boolean): ProgressBar {
  let bar: cliProgress.SingleBar | undefined;
  return {
    startEpoch(epoch, epochs, total) {
      bar = new cliProgress.SingleBar(
        {
          stream: stream as NodeJS.WritableStream,
          format:
            total === undefined
              ? 'epoch {epoch}/{epochs} | {value} steps | {duration}s | loss {loss} {summary}'
              : 'epoch {epoch}/{epochs} [{bar}] {value}/{total} | {duration}s | loss {loss} {summary}',
          hideCursor: false,
          // Truncate to the terminal width instead of switching wrapping off: a Ctrl-C during the
          // (synchronous) run then leaves the terminal as it was.
          linewrap: true,
          clearOnComplete: false,
          barsize: 24,
          // Forced off a TTY: a line at the start and the end of each epoch.
          noTTYOutput: forced,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0, { epoch: epoch + 1, epochs, loss: '-', summary: '' });
    },
    step(done, loss) {
      bar?.update(done, { loss: fmt(loss) });
    },
    endEpoch(summary) {
      bar?.update({ summary });
      bar?.stop();
      bar = undefined;
    },
    close() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Whether to show a bar by default: a TTY, and not in CI. @internal */
export function shouldShowProgress(stream: ProgressStream): boolean {
  const ci = typeof process !== 'undefined' ? process.env.CI : undefined;
  return stream.isTTY === true && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}
