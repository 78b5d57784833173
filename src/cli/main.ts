#!/usr/bin/env node
/**
 * The `mlp-lab` command. Each subcommand lives in its own file and registers
 * itself on the program; this file only wires them and turns errors into a
 * one-line message on stderr plus an exit code (see errors.ts).
 */
import { Command, CommanderError } from 'commander';
import { registerDemo } from './demo.js';
import { EXIT_USAGE, exitCodeOf, oneLine } from './errors.js';
import { registerFigures } from './figures.js';
import { registerFit } from './fit.js';
import { registerOnnx } from './onnx.js';
import { registerPlayground } from './playground.js';
import { registerPredict } from './predict.js';
import { registerProbes } from './probes.js';
import { registerRegions } from './regions.js';
import { registerReport } from './report.js';
import { registerSweep } from './sweep.js';
import { versionText } from './version.js';

function buildProgram(): Command {
  const program = new Command('mlp-lab')
    .description(
      'A laboratory for multilayer perceptrons: train, measure and see why an MLP can fit almost any function.',
    )
    .version(versionText(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemo(program);
  registerFigures(program);
  registerFit(program);
  registerPredict(program);
  registerPlayground(program);
  registerRegions(program);
  registerProbes(program);
  registerReport(program);
  registerSweep(program);
  registerOnnx(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
