/**
 * The Redis queue end to end: a private redis-server on a free loopback
 * port, two `mlp-lab worker` processes, a sweep submitted with --queue, one
 * worker killed in the middle of a job. The job must be retried by the
 * other worker and the JSONL must hold every job exactly once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SweepRow } from '../../src/analysis/sweep/job.js';

const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

const fromSource = import.meta.url.endsWith('.ts');
const main = fileURLToPath(new URL(`../../src/cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const nodeArgs = fromSource ? ['--import', import.meta.resolve('tsx'), main] : [main];

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-queue-'));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child and collects its stderr (or stdout) text; `until` resolves once the text matches. */
function start(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  const listeners: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const until = (pattern: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${text}`)), ms);
      const check = () => {
        const m = pattern.exec(text);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      listeners.push(check);
      check();
      void exited.then((code) => {
        clearTimeout(timer);
        if (!pattern.test(text))
          reject(new Error(`exited with ${code} before printing ${pattern}:\n${text}`));
      });
    });
  return { child, exited, until, text: () => text };
}

describe('mlp-lab sweep --queue', () => {
  it('retries the job of a worker killed mid-job: nothing lost or duplicated in the JSONL', async () => {
    assert.ok(
      REDIS,
      "redis-server is not installed: install Debian's redis-server (apt-get install redis-server; .ci/run does) to run the queue test",
    );
    const port = await freePort();
    const redis = start(REDIS, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await redis.until(/Ready to accept connections/, 20_000);
    const url = `redis://127.0.0.1:${port}`;
    try {
      const workerArgs = [
        ...nodeArgs,
        'worker',
        '--queue',
        url,
        '--workers',
        '1',
        '--stalled-interval',
        '1000',
      ];
      const a = start(process.execPath, workerArgs);
      const b = start(process.execPath, workerArgs);
      await a.until(/worker on/, 60_000);
      await b.until(/worker on/, 60_000);
      const out = join(dir, 'queue.jsonl');
      const sweep = start(process.execPath, [
        ...nodeArgs,
        'sweep',
        '--queue',
        url,
        '--target',
        'sin(3*x)',
        '--arch',
        '1-16-1',
        '--seed',
        '0..5',
        '--epochs',
        '60',
        '--samples',
        '512',
        '--out',
        out,
      ]);
      const started = await a.until(/started ([0-9a-f]{32})/, 60_000);
      const killedKey = started[1]!;
      a.child.kill('SIGKILL');
      await a.exited;
      assert.doesNotMatch(
        a.text(),
        new RegExp(`finished ${killedKey}`),
        'the kill came before the job finished',
      );
      const code = await sweep.exited;
      assert.equal(code, 0, sweep.text());
      const rows = readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as SweepRow);
      assert.equal(rows.length, 6);
      assert.equal(new Set(rows.map((r) => r.key)).size, 6);
      assert.deepEqual(
        rows.map((r) => r.options.seed).sort((x, y) => x - y),
        [0, 1, 2, 3, 4, 5],
      );
      const retried = rows.find((r) => r.key === killedKey);
      assert.ok(retried, 'the killed job has its row');
      assert.equal(retried.worker.split(':')[1], String(b.child.pid), 'the surviving worker ran it again');
      assert.match(b.text(), new RegExp(`started ${killedKey}`));
      b.child.kill('SIGTERM');
      await b.exited;
    } finally {
      redis.child.kill('SIGTERM');
      await redis.exited;
    }
  });
});
