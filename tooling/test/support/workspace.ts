/**
 * The workspace as the repository-wide tests see it: every member's folder, name and declared
 * dependencies, read from the `package.json` files (never hard-coded, so a new package is checked too).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot: string = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** One `exports` entry: `"."` or a subpath such as `"./kernel"`, with its source and built targets. */
export interface ExportEntry {
  readonly subpath: string;
  /** `@stepwise/source` target, relative to the package folder (e.g. `./src/index.ts`). */
  readonly source: string | undefined;
  /** `import` target (built JavaScript). */
  readonly import: string | undefined;
  readonly types: string | undefined;
  /** Condition names in their declared order (resolution order matters). */
  readonly conditions: readonly string[];
}

/** A workspace member. */
export interface Member {
  readonly name: string;
  /** Folder relative to the repository root, e.g. `packages/tensor`. */
  readonly dir: string;
  readonly private: boolean;
  readonly manifest: Readonly<Record<string, unknown>>;
  /** Names in `dependencies` and `peerDependencies`: what the published code may import. */
  readonly runtimeDeps: readonly string[];
  readonly exports: readonly ExportEntry[];
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function readExports(manifest: Record<string, unknown>): ExportEntry[] {
  return Object.entries(asRecord(manifest['exports']))
    .filter(([subpath, target]) => subpath !== './package.json' && target !== null)
    .map(([subpath, target]) => {
      const t = asRecord(target);
      return {
        subpath,
        source: asString(t['@stepwise/source']),
        import: asString(t['import']) ?? asString(t['default']),
        types: asString(t['types']),
        conditions: Object.keys(t),
      };
    });
}

function readMember(dir: string): Member {
  const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return {
    name: String(manifest['name']),
    dir,
    private: manifest['private'] === true,
    manifest,
    runtimeDeps: [
      ...Object.keys(asRecord(manifest['dependencies'])),
      ...Object.keys(asRecord(manifest['peerDependencies'])),
    ],
    exports: readExports(manifest),
  };
}

const membersUnder = (parent: string): Member[] =>
  readdirSync(join(repoRoot, parent), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repoRoot, parent, d.name, 'package.json')))
    .map((d) => readMember(`${parent}/${d.name}`))
    .sort((a, b) => a.dir.localeCompare(b.dir));

/** The libraries under `packages/` (published unless private). */
export const libraries = (): Member[] => membersUnder('packages');

/** Every workspace member: libraries, apps and the tooling package. */
export const members = (): Member[] => [...libraries(), ...membersUnder('apps'), readMember('tooling')];

/**
 * Workspace package names that `member` may load at run time: its runtime dependencies that are workspace
 * packages, and theirs, transitively.
 */
export function allowedWorkspaceDeps(member: Member, all: readonly Member[]): Set<string> {
  const byName = new Map(all.map((m) => [m.name, m]));
  const allowed = new Set<string>();
  const visit = (m: Member): void => {
    for (const dep of m.runtimeDeps) {
      const target = byName.get(dep);
      if (target !== undefined && !allowed.has(dep)) {
        allowed.add(dep);
        visit(target);
      }
    }
  };
  visit(member);
  return allowed;
}

/** True when the member's source entry of this export exists (packages being written may not have one yet). */
export const hasSource = (member: Member, entry: ExportEntry): boolean =>
  entry.source !== undefined && existsSync(join(repoRoot, member.dir, entry.source));

/** The import specifier of an export entry, e.g. `@stepwise/tensor/kernel`. */
export const specifierOf = (member: Member, entry: ExportEntry): string =>
  entry.subpath === '.' ? member.name : `${member.name}/${entry.subpath.slice(2)}`;
