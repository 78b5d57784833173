/**
 * `mlp-lab playground` as a user runs it: it prints its URL, serves the built
 * site and nothing outside it, and Ctrl-C stops it with exit code 0.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { playgroundBuilt } from '../../src/cli/playground.js';
import { runCli } from './run.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

describe('mlp-lab playground', () => {
  it('serves the site on 127.0.0.1, refuses paths outside it, and stops on Ctrl-C', async () => {
    if (!playgroundBuilt()) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'inherit' });
    const child = spawn(process.execPath, [main, 'playground', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
        if (m) resolve(m[0]);
      });
      child.on('error', reject);
      child.on('close', (code) => reject(new Error(`exited ${code} before printing its URL: ${stdout}`)));
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /<div id="app">/);
      const outside = await fetch(`${url}%2e%2e/%2e%2e/package.json`);
      assert.ok(outside.status === 403 || outside.status === 404, `status ${outside.status}`);
      assert.equal((await fetch(`${url}nothing-here.js`)).status, 404);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await closed, 0);
  });

  it('rejects a port that is not one', () => {
    const r = runCli(['playground', '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port must be an integer/);
  });
});
