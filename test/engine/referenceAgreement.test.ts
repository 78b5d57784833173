/**
 * The engine against the reference autodiff (test/reference): random MLPs over
 * every activation, with and without norms, residual blocks, dropout and
 * spectral norm. Forward outputs, the input gradient, every parameter gradient
 * and the buffers a forward leaves must agree to round-off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { activationNames } from '../../src/nn/activations.js';
import { type MlpOptions, mlp } from '../../src/nn/mlp.js';
import { toRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { scaledErr } from '../helpers/gradcheck.js';
import { arbDim, arbSeed, randomMatrix, rngFrom } from '../helpers/random.js';
import { referencePass } from '../reference/nn.js';

/** Both engines sum in different orders; float64 round-off of these small nets stays far below this. */
const TOL = 1e-10;

function assertClose(label: string, engine: ArrayLike<number>, reference: ArrayLike<number>): void {
  assert.equal(
    engine.length,
    reference.length,
    `${label}: ${engine.length} values, reference ${reference.length}`,
  );
  for (let i = 0; i < engine.length; i++) {
    const e = scaledErr(engine[i], reference[i]);
    assert.ok(
      e < TOL,
      `${label}[${i}]: engine ${engine[i]}, reference ${reference[i]} (error ${e.toExponential(2)})`,
    );
  }
}

/** Builds the model, runs one forward and backward in both engines, and compares everything. */
function agree(drawn: number[], options: MlpOptions, batch: number, seed: number, training: boolean): void {
  const sizes = options.residual ? residualSizes(drawn) : drawn;
  const model = mlp(sizes, { ...options, dtype: 'float64', seed });
  if (options.residual)
    assert.ok(
      model.layers.some((l) => l.kind === 'residual'),
      model.describe(),
    );
  const rng = rngFrom(seed + 1);
  for (const { param } of model.namedParams()) {
    if (param.name === 'bias' || param.name === 'beta') rng.fillUniform(param.value.data, -0.5, 0.5);
  }
  const x = randomMatrix(rng, batch, sizes[0], 'float64', -2, 2);
  const r = randomMatrix(rng, batch, model.nOut);
  const params = model.getParams();
  const buffersBefore = model.getBuffers();
  const dropSeed = seed ^ 0x77;

  const y = toRows(model.forward(x, { training, rng: new Rng(dropSeed) }));
  const dx = model.backward(r, true);
  assert.ok(dx);
  const ref = referencePass(model.spec(), params, buffersBefore, toRows(x), toRows(r), {
    training,
    rngSeed: dropSeed,
  });

  const label = `${model.describe()} ${training ? 'train' : 'eval'}`;
  assertClose(`${label} output`, y.flat(), ref.output.flat());
  assertClose(`${label} input grad`, dx.data, ref.inputGrad.flat());
  const grads = model.getParams('grad');
  assert.deepEqual(Object.keys(grads).sort(), Object.keys(ref.paramGrads).sort());
  for (const [path, g] of Object.entries(grads)) assertClose(`${label} ${path}`, g, ref.paramGrads[path]);
  for (const [path, b] of Object.entries(model.getBuffers()))
    assertClose(`${label} ${path}`, b, ref.buffers[path]);
}

/** [in, w, w, …, out] with at least two hidden layers of equal width w, so mlp() makes residual blocks. */
function residualSizes(drawn: readonly number[]): number[] {
  const [nIn, w, ...rest] = [...drawn, 1, 1, 1];
  const depth = Math.max(2, drawn.length - 2);
  return [nIn, ...Array<number>(depth).fill(w), rest[rest.length - 1]];
}

const arbSizes = fc.array(arbDim(5), { minLength: 2, maxLength: 5 });
/** Every activation; those with an alpha also with a random one. */
const arbActivation = fc.oneof(
  fc.constantFrom(...activationNames),
  fc.record({
    name: fc.constantFrom('leaky_relu' as const, 'elu' as const),
    alpha: fc.double({ min: 0.05, max: 2, noNaN: true }),
  }),
);

/** What one agreement check varies beyond the seed and the sizes. */
interface Case {
  readonly options: MlpOptions;
  readonly batch: number;
  readonly training: boolean;
}

/** agree() on random seeds and sizes, the rest of each check drawn from arbCase. */
function agreeOnRandomMlps(arbCase: fc.Arbitrary<Case>, params: { seed: number; numRuns: number }): void {
  fc.assert(
    fc.property(arbSeed, arbSizes, arbCase, (seed, sizes, { options, batch, training }) =>
      agree(sizes, options, batch, seed, training),
    ),
    params,
  );
}

describe('engine and reference autodiff agree on random MLPs', () => {
  it('every activation, no norm, evaluation mode (dropout inactive)', () =>
    agreeOnRandomMlps(
      fc
        .tuple(arbDim(4), arbActivation, fc.constantFrom(0, 0.5))
        .map(([batch, activation, pDrop]) => ({ options: { activation, pDrop }, batch, training: false })),
      { seed: 501, numRuns: 60 },
    ));

  it('batch norm and layer norm, plain and in residual blocks, both modes', () =>
    agreeOnRandomMlps(
      fc
        .tuple(arbDim(4, 2), arbActivation, fc.constantFrom('batch', 'layer'), fc.boolean(), fc.boolean())
        .map(([batch, activation, norm, residual, training]) => ({
          options: { activation, norm, residual },
          batch,
          training,
        })),
      { seed: 502, numRuns: 60 },
    ));

  it('residual blocks without norm, and dropout in training mode (masks replayed from the seed)', () =>
    agreeOnRandomMlps(
      fc.tuple(arbDim(4), arbActivation, fc.boolean()).map(([batch, activation, residual]) => ({
        options: { activation, residual, pDrop: 0.4 },
        batch,
        training: true,
      })),
      { seed: 503, numRuns: 40 },
    ));

  it('spectral norm, both modes (training advances the power iteration in both engines)', () =>
    agreeOnRandomMlps(
      fc
        .tuple(arbDim(4), fc.integer({ min: 1, max: 3 }), fc.boolean())
        .map(([batch, iterations, training]) => ({
          options: { activation: 'silu', spectralNorm: { iterations } },
          batch,
          training,
        })),
      { seed: 504, numRuns: 30 },
    ));
});
