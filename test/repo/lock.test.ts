import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// From test/repo under tsx the root is two levels up; from dist/test/repo, three.
const root = import.meta.url.endsWith('.ts') ? '../../' : '../../../';
const read = (name: string) => JSON.parse(readFileSync(new URL(`${root}${name}`, import.meta.url), 'utf8'));

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where Node would find `name` from the package at `from`: its own node_modules, then each folder above. */
function resolves(packages: Record<string, LockEntry>, from: string, name: string): boolean {
  let at = from;
  for (;;) {
    if (packages[`${at ? `${at}/` : ''}node_modules/${name}`]) return true;
    if (at === '') return false;
    const cut = at.lastIndexOf('/node_modules/');
    at = cut < 0 ? '' : at.slice(0, cut);
  }
}

describe('package-lock.json is complete, so npm ci installs the same tree on any machine', () => {
  const lock = read('package-lock.json') as { lockfileVersion: number; packages: Record<string, LockEntry> };
  const pkg = read('package.json') as Record<string, Record<string, string> | undefined>;

  it('lists every dependency of package.json at the top level', () => {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        assert.ok(lock.packages[`node_modules/${name}`], `${field} ${name} is missing from the lock`);
      }
    }
  });

  it("lists every package's dependencies, optional ones included (every platform's binaries)", () => {
    assert.ok(lock.lockfileVersion >= 2);
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const needed = { ...entry.dependencies, ...entry.optionalDependencies };
      for (const name of Object.keys(needed)) {
        if (!resolves(lock.packages, path, name)) missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    assert.deepEqual(missing, [], 'run npm install --package-lock-only and commit the lock');
  });
});
