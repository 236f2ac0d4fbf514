/**
 * The changesets configuration matches the workspace: the `fixed` group (one version for the whole suite) is
 * exactly the set of public packages, private members are ignored, and publishing is public from `main`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { members, repoRoot } from './support/workspace.js';

interface ChangesetConfig {
  readonly fixed: ReadonlyArray<readonly string[]>;
  readonly linked: ReadonlyArray<readonly string[]>;
  readonly ignore: readonly string[];
  readonly access: string;
  readonly baseBranch: string;
}

const config = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8')) as ChangesetConfig;
const all = members();
const publicNames = all.filter((m) => !m.private).map((m) => m.name);
const privateNames = all.filter((m) => m.private).map((m) => m.name);

describe('.changeset/config.json', () => {
  it('has one fixed group holding exactly the public packages', () => {
    expect(config.fixed).toHaveLength(1);
    expect([...config.fixed[0]!].sort()).toEqual([...publicNames].sort());
    expect(config.linked).toEqual([]);
  });

  it('ignores every private member (apps, tooling) and nothing else', () => {
    expect([...config.ignore].sort()).toEqual([...privateNames].sort());
  });

  it('publishes publicly from main', () => {
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
  });

  it('every public package starts from the same version (lockstep)', () => {
    const versions = new Set(all.filter((m) => !m.private).map((m) => String(m.manifest['version'])));
    expect(versions.size).toBe(1);
  });
});

/** The `"package": bump` lines of a changeset's front matter, or undefined when it has none. */
function releasesOf(text: string): Array<[string, string]> | undefined {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (m === null) return undefined;
  return m[1]!
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = /^\s*["']?([^"':]+)["']?\s*:\s*(\S+)\s*$/.exec(l);
      return r === null ? ['', l] : [r[1]!, r[2]!];
    });
}

describe('pending changesets (.changeset/*.md)', () => {
  const dir = join(repoRoot, '.changeset');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it.for(files)('%s names public packages with a valid bump and has a summary', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const releases = releasesOf(text);
    expect(releases, 'front matter between --- lines').toBeDefined();
    expect(releases!.length).toBeGreaterThan(0);
    for (const [name, bump] of releases!) {
      expect(publicNames, `unknown or private package "${name}"`).toContain(name);
      expect(['patch', 'minor', 'major']).toContain(bump);
    }
    expect(text.replace(/^---\n[\s\S]*?\n---\n/, '').trim().length, 'summary paragraph').toBeGreaterThan(0);
  });

  it('the parser finds a bad changeset (negative control)', () => {
    expect(releasesOf('no front matter')).toBeUndefined();
    expect(releasesOf('---\n"@stepwise/tensors": minor\n---\n\nx')).toEqual([['@stepwise/tensors', 'minor']]);
    expect(publicNames).not.toContain('@stepwise/tensors');
  });
});
