/** What the report records about the machine and the software the run used. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as vegaVersion } from 'vega';
import { version as vegaLiteVersion } from 'vega-lite';
import { penguinsPath } from './data/penguins.js';

/** Machine, versions and source revision of a run. */
export interface Environment {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started (explains slow wall times on a shared machine). */
  readonly loadAverage: number;
  readonly versions: Readonly<Record<string, string>>;
  /**
   * `git rev-parse --short HEAD` of the checkout, when available, with ` (+ uncommitted changes)` when the
   * packages or the demo differ from it (then the hashes belong to the working tree, not the commit).
   */
  readonly commit: string | null;
}

const PACKAGES = ['tensor', 'nn', 'norm', 'optim', 'train'] as const;

const versionAt = (packageJson: string): string => {
  try {
    return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
  } catch {
    return 'unknown';
  }
};

/** The environment of this process. */
export function environment(): Environment {
  const here = dirname(fileURLToPath(import.meta.url));
  const packages = join(here, '..', '..', '..', 'packages');
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  let commit: string | null;
  try {
    const dirty = git(['status', '--porcelain', '--', packages, join(here, '..')]) !== '';
    commit = `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' (+ uncommitted changes)' : ''}`;
  } catch {
    commit = null;
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    versions: {
      ...Object.fromEntries(
        PACKAGES.map((p) => [`@stepwise/${p}`, versionAt(join(packages, p, 'package.json'))]),
      ),
      vega: vegaVersion,
      'vega-lite': vegaLiteVersion,
      'vega-datasets': versionAt(join(dirname(penguinsPath()), '..', 'package.json')),
    },
    commit,
  };
}
