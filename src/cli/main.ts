#!/usr/bin/env node
/**
 * The `mlp-lab` command. Each subcommand lives in its own file and registers
 * itself on the program; this file only loads the ones the arguments need,
 * wires them and turns errors into a one-line message on stderr plus an exit
 * code (see errors.ts).
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

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  try {
    await program.parseAsync(argv);
    // A command may set a non-zero exit code without throwing; returning 0 here would erase it.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing value) and help/version output.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    process.stderr.write(`mlp-lab: ${oneLine(error)}\n`);
    return exitCodeOf(error);
  }
}

// `mlp-lab demo | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv);
