/**
 * The changesets configuration matches the workspace: the `fixed` group (one version for the whole suite) is
 * exactly the set of public packages, private members are ignored, and publishing is public from `main`.
 */
import { readFileSync } from 'node:fs';
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
