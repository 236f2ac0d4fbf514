/**
 * The release flow of the root README, rehearsed on a throwaway clone: `changeset version` turns the pending
 * changesets (plus one synthetic patch changeset, so that the rehearsal never depends on what is pending)
 * into one `CHANGELOG.md` per public package, and bumps the six packages of the fixed group to one shared
 * version, leaving the private members alone. Nothing in the checkout is touched.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraries, members, repoRoot } from './support/workspace.js';

const exec = promisify(execFile);
const published = libraries().filter((m) => !m.private);
const privates = members().filter((m) => m.private);
const clone = join(mkdtempSync(join(tmpdir(), 'stepwise-release-')), 'repo');
const versionOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(clone, dir, 'package.json'), 'utf8')) as { version: string }).version;
const before = new Map<string, string>();

beforeAll(async () => {
  await exec('git', ['clone', '--quiet', '--depth', '1', `file://${repoRoot}`, clone]);
  for (const m of [...published, ...privates]) before.set(m.name, versionOf(m.dir));
  writeFileSync(
    join(clone, '.changeset', 'release-rehearsal.md'),
    '---\n"@stepwise/tensor": patch\n---\n\nRelease rehearsal of tooling/test/packagingChangelog.test.ts.\n',
  );
  await exec(join(repoRoot, 'node_modules/.bin/changeset'), ['version'], {
    cwd: clone,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}, 180_000);

afterAll(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

describe('changeset version (on a clone)', () => {
  it('writes a CHANGELOG.md per public package, headed by the new version, with the pending entries', () => {
    for (const m of published) {
      const file = join(clone, m.dir, 'CHANGELOG.md');
      expect(existsSync(file), `${m.dir}/CHANGELOG.md`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(`# ${m.name}\n\n## ${versionOf(m.dir)}\n`), text.slice(0, 200)).toBe(true);
    }
    const tensor = readFileSync(join(clone, 'packages/tensor/CHANGELOG.md'), 'utf8');
    expect(tensor).toContain('Release rehearsal of tooling/test/packagingChangelog.test.ts.');
  });

  it('bumps the fixed group to one shared version, above the previous one; private members stay', () => {
    const versions = new Set(published.map((m) => versionOf(m.dir)));
    expect(versions.size).toBe(1);
    const [next] = [...versions];
    for (const m of published) expect(next).not.toBe(before.get(m.name));
    for (const m of privates) expect(versionOf(m.dir)).toBe(before.get(m.name));
    expect(readdirChangesets()).toEqual([]);
  });
});

/** The changeset files left after `changeset version` (it consumes them all). */
const readdirChangesets = (): string[] =>
  readdirSync(join(clone, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
