/**
 * Where each subcommand lives, so that main.ts loads only the module a run
 * needs: the modules pull in what their commands compute with (the engine,
 * mathjs, vega, ONNX, Redis), which `mlp-lab fit` has no use for the figures'
 * share of, and a bare `mlp-lab --version` for any of it.
 */
import type { Command } from 'commander';

export interface CommandModule {
  /** The commands the module's register function adds, in the order it adds them. */
  readonly names: readonly string[];
  readonly load: () => Promise<(program: Command) => void>;
}

/** In the order the help lists them. */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
  { names: ['figures'], load: async () => (await import('./figures.js')).registerFigures },
  { names: ['fit'], load: async () => (await import('./fit.js')).registerFit },
  { names: ['predict', 'info'], load: async () => (await import('./predict.js')).registerPredict },
  { names: ['playground'], load: async () => (await import('./playground.js')).registerPlayground },
  { names: ['regions'], load: async () => (await import('./regions.js')).registerRegions },
  { names: ['probes'], load: async () => (await import('./probes.js')).registerProbes },
  { names: ['report'], load: async () => (await import('./report.js')).registerReport },
  { names: ['sweep', 'worker'], load: async () => (await import('./sweep.js')).registerSweep },
  { names: ['export', 'import'], load: async () => (await import('./onnx.js')).registerOnnx },
];

/**
 * The modules to load for these arguments (argv after the script): the one of
 * the command named first, since commander dispatches to it and the others play
 * no part; none for a lone --version; and all of them otherwise, so that the
 * help, `help <command>` and the message for an unknown command stay as they are.
 */
export function commandModulesFor(args: readonly string[]): readonly CommandModule[] {
  if (args.length === 1 && (args[0] === '-V' || args[0] === '--version')) return [];
  const named = COMMAND_MODULES.filter((m) => m.names.includes(args[0]));
  return named.length > 0 ? named : COMMAND_MODULES;
}

/**
 * Registers the commands these arguments need on the program, in the help's
 * order; one module after the other, so that they always load in one order.
 */
export async function registerCommandsFor(program: Command, args: readonly string[]): Promise<void> {
  for (const module of commandModulesFor(args)) (await module.load())(program);
}
