/**
 * What a sample measures. `wall`: elapsed time (`performance.now()`), what a user waits for. `cpu`: CPU time
 * of this process, user + system (`process.cpuUsage()`, microsecond resolution), which leaves out the
 * time other processes hold the cores: on a shared, overloaded machine it is far closer to what the code
 * costs. It counts every thread of the process (V8's concurrent GC helpers included), so an allocating
 * implementation pays for its garbage collection on either clock.
 */
export type Clock = 'wall' | 'cpu';

export const CLOCKS: readonly Clock[] = ['wall', 'cpu'];

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A millisecond timestamp function for `clock`. */
export function nowOf(clock: Clock): () => number {
  return clock === 'cpu' ? cpuNow : () => performance.now();
}
