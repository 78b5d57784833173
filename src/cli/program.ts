/**
 * One `mlp-lab` command line, start to exit code: the program with the
 * commands the arguments need (commands.ts), and every error turned into a
 * one-line message on stderr plus an exit code (see errors.ts). main.ts runs
 * it for the process; a test may run several command lines in one process.
 */
import { Command, CommanderError } from 'commander';
import { registerCommandsFor } from './commands.js';
import { EXIT_CODES_HELP, EXIT_USAGE, exitCodeOf, oneLine } from './errors.js';
import { versionText } from './version.js';

async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('mlp-lab')
    .description(
      'A laboratory for multilayer perceptrons: train, measure and see why an MLP can fit almost any function.',
    )
    .version(versionText(), '-V, --version')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride()
    // Commander's own errors (unknown option, missing value) in mlp-lab's one-line style.
    .configureOutput({
      outputError: (text, write) =>
        write(
          `mlp-lab: ${
            text
              .replace(/^error: /, '')
              .trim()
              .split('\n')[0]
          }; run mlp-lab --help for usage\n`,
        ),
    });
  await registerCommandsFor(program, args);
  return program;
}

/** Runs the command line (node, script, then the arguments) and returns its exit code. */
export async function runCommandLine(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  try {
    await program.parseAsync([...argv]);
    // A command may set a non-zero exit code without throwing; returning 0 here would erase it.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing value) and help/version output.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    process.stderr.write(`mlp-lab: ${oneLine(error)}\n`);
    return exitCodeOf(error);
  }
}
