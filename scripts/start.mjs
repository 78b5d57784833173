#!/usr/bin/env node
/**
 * `npm start`: builds what is missing or older than its sources (the library
 * with tsc, the playground with Vite), then serves the playground through
 * `mlp-lab playground`. PORT picks the port; Ctrl-C stops the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of the files under the given paths. */
function newest(...paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else t = Math.max(t, s.mtimeMs);
  };
  for (const p of paths) walk(join(root, p));
  return t;
}

const stale = (output, ...sources) =>
  !existsSync(join(root, output)) || statSync(join(root, output)).mtimeMs < newest(...sources);

function run(script) {
  const r = spawnSync('npm', ['run', script], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (stale('dist/src/cli/main.js', 'src', 'tsconfig.json')) run('build');
if (stale('dist/playground/index.html', 'web', 'src')) run('build:web');

const server = spawnSync(
  process.execPath,
  [join(root, 'dist/src/cli/main.js'), 'playground', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(server.status ?? 0);
