/**
 * Runs the CLI as a user would: the built dist/src/cli/main.js next to this
 * compiled test, or src/cli/main.ts through tsx when the test itself runs
 * from TypeScript.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
const main = fileURLToPath(new URL(`../../src/cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const commandLines = fileURLToPath(new URL(`./commandLines.${fromSource ? 'ts' : 'js'}`, import.meta.url));
// Resolved here, not by name, so a child started in another directory (a temp cwd) still finds tsx.
const loader = fromSource ? ['--import', import.meta.resolve('tsx')] : [];
const nodeArgs = [...loader, main];

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: options.cwd,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs each command line as runCli does, but all in one process, one after the
 * other (commandLines.ts): for refusals and help, which leave nothing behind for
 * the next line, at the cost of one start-up instead of one per line.
 */
export function runCliLines(lines: readonly (readonly string[])[]): CliResult[] {
  const r = spawnSync(process.execPath, [...loader, commandLines, JSON.stringify(lines)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`the command lines did not all run (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliResult[];
}

/** Starts the CLI, sends `signal` once stdout shows `trigger`, and resolves when it exits. */
export function interruptCli(
  args: readonly string[],
  trigger: RegExp,
  signal: NodeJS.Signals = 'SIGINT',
  /** Runs once the trigger is seen, while the run goes on; the signal follows when it settles. */
  meanwhile: () => unknown = () => undefined,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && trigger.test(stdout)) {
        sent = true;
        Promise.resolve()
          .then(meanwhile)
          .then(
            () => child.kill(signal),
            (error) => {
              child.kill(signal);
              reject(error);
            },
          );
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
