/**
 * Runs the mlp-lab command lines given as one JSON array in argv[2] one after
 * the other in this process, each as main.js runs one, and prints what each
 * wrote and its exit code as one JSON array. runCliLines (run.ts) spawns it for
 * checks that need a command line's messages and exit code but no process of
 * their own (refusals), so that they share one start-up.
 */
import { runCommandLine } from '../../src/cli/program.js';
import type { CliResult } from './run.js';

const lines = JSON.parse(process.argv[2]!) as string[][];
const { stdout, stderr } = process;
const write = { stdout: stdout.write, stderr: stderr.write };
const results: CliResult[] = [];
for (const args of lines) {
  const written = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      written[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof stdout.write;
  stdout.write = capture('stdout');
  stderr.write = capture('stderr');
  process.exitCode = undefined;
  let code: number;
  try {
    code = await runCommandLine([process.argv[0]!, 'mlp-lab', ...args]);
  } finally {
    stdout.write = write.stdout;
    stderr.write = write.stderr;
  }
  results.push({ code, ...written });
}
process.exitCode = 0;
stdout.write(`${JSON.stringify(results)}\n`);
