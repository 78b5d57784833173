import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMAND_MODULES, commandModulesFor } from '../../src/cli/commands.js';
import { runCli } from './run.js';

const namesOf = (modules: readonly { names: readonly string[] }[]) => modules.flatMap((m) => m.names);

describe('mlp-lab loads only the command it runs', () => {
  it("each entry names exactly the commands its module registers, so a run finds the command's module", async () => {
    for (const entry of COMMAND_MODULES) {
      const program = new Command('mlp-lab');
      (await entry.load())(program);
      assert.deepEqual(
        program.commands.map((c) => c.name()),
        entry.names,
      );
    }
  });

  it('a named command loads its module alone; a lone --version none; anything else all of them', () => {
    assert.deepEqual(namesOf(commandModulesFor(['fit', '--target', 'x'])), ['fit']);
    assert.deepEqual(namesOf(commandModulesFor(['info', 'model.json'])), ['predict', 'info']);
    assert.deepEqual(namesOf(commandModulesFor(['import', 'model.onnx'])), ['export', 'import']);
    assert.deepEqual(commandModulesFor(['--version']), []);
    assert.deepEqual(commandModulesFor(['-V']), []);
    for (const args of [[], ['--help'], ['help', 'fit'], ['fitt'], ['--version', 'fit'], ['--', 'fit']]) {
      assert.equal(commandModulesFor(args), COMMAND_MODULES, args.join(' '));
    }
  });

  it('the help lists every command in the order of COMMAND_MODULES, and `fit --help` is what `help fit` prints', () => {
    const help = runCli(['--help']);
    assert.equal(help.code, 0, help.stderr);
    const commandsSection = help.stdout.split('Commands:\n')[1]!.split('\n\n')[0]!;
    const listed = [...commandsSection.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(listed, [...namesOf(COMMAND_MODULES), 'help']);
    const alone = runCli(['fit', '--help']);
    const among = runCli(['help', 'fit']);
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(among.code, 0, among.stderr);
    assert.match(alone.stdout, /^Usage: mlp-lab fit \[options\]/);
    assert.equal(alone.stdout, among.stdout);
  });
});
