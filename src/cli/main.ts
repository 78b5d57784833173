#!/usr/bin/env node
/**
 * The `mlp-lab` command. Each subcommand lives in its own file and registers
 * itself on the program; program.ts loads the ones the arguments need, wires
 * them and turns errors into a one-line message on stderr plus an exit code.
 */
import { runCommandLine } from './program.js';

// `mlp-lab demo | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCommandLine(process.argv);
