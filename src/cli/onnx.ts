/**
 * `mlp-lab export MODEL.json --format onnx --out model.onnx` and
 * `mlp-lab import model.onnx --out MODEL.json`: ONNX in and out (the graph
 * each way is described in src/io/onnx/ and docs/onnx.md).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { describeFsError, writeFileAtomic } from '../io/atomic.node.js';
import { ModelFileError } from '../io/modelFile.js';
import { loadModel, saveModel } from '../io/modelFile.node.js';
import type { onnxToModel } from '../io/onnx/import.js';
import { UsageError } from './errors.js';
import { packageVersion } from './version.js';

/** An MLP's ONNX file is weights plus a few hundred bytes; this bounds what import reads into memory. */
const MAX_ONNX_BYTES = 2 ** 31 - 1;

function readOnnx(path: string): Uint8Array {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a regular file; give an .onnx file`);
    if (stat.size > MAX_ONNX_BYTES)
      throw new UsageError(`${path} is ${stat.size} bytes, more than protobuf's 2 GiB limit`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${describeFsError(e, 'ONNX file')}`);
  }
}

export function registerOnnx(program: Command): void {
  program
    .command('export')
    .description('write a model file in another format (ONNX) for other tools')
    .argument('<model.json>', 'a model file written by fit --out or import')
    .requiredOption('--format <format>', 'the format to write: onnx; e.g. --format onnx')
    .requiredOption('--out <file>', 'where to write it; e.g. --out model.onnx')
    .addHelpText(
      'after',
      '\nExample:\n  mlp-lab export runs/sin/model.json --format onnx --out sin.onnx\n\nThe graph takes inputs in original units and returns "output" (what predict returns) and "logits".',
    )
    .action(async (path: string, opts: { format: string; out: string }) => {
      if (opts.format !== 'onnx') throw new UsageError(`--format must be onnx, got '${opts.format}'`);
      let loaded: ReturnType<typeof loadModel>;
      try {
        loaded = loadModel(path);
      } catch (e) {
        if (e instanceof ModelFileError) throw new UsageError(e.message);
        throw e;
      }
      // protobufjs (the ONNX encoding) is loaded by the two commands that use it, not by every run.
      const { modelToOnnx } = await import('../io/onnx/export.js');
      let bytes: Uint8Array;
      try {
        bytes = modelToOnnx(loaded, packageVersion());
      } catch (e) {
        throw new UsageError(`cannot export ${path}: ${(e as Error).message}`);
      }
      try {
        writeFileAtomic(opts.out, bytes);
      } catch (e) {
        throw new UsageError(`cannot write --out ${opts.out}: ${describeFsError(e, 'ONNX file')}`);
      }
      process.stdout.write(`wrote ${opts.out} (ONNX opset 17, ${bytes.length} bytes)\n`);
    });

  program
    .command('import')
    .description('read an MLP-shaped ONNX graph (e.g. from torch.onnx.export) into a model file')
    .argument('<model.onnx>', 'the ONNX file')
    .requiredOption('--out <model.json>', 'the model file to write; e.g. --out model.json')
    .addHelpText('after', '\nExample:\n  mlp-lab import net.onnx --out net.json && mlp-lab info net.json')
    .action(async (path: string, opts: { out: string }) => {
      const { onnxToModel } = await import('../io/onnx/import.js');
      let imported: ReturnType<typeof onnxToModel>;
      try {
        imported = onnxToModel(readOnnx(path), path);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError((e as Error).message);
      }
      try {
        saveModel(opts.out, imported.model, imported.metadata);
      } catch (e) {
        throw new UsageError(`cannot write --out ${opts.out}: ${describeFsError(e, 'model file')}`);
      }
      process.stdout.write(
        `wrote ${opts.out}: ${imported.model}, ${imported.model.paramCount()} parameters\n`,
      );
    });
}
