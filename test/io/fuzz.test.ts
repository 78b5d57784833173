import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../src/io/base64.js';
import { stringifyJson } from '../../src/io/json.js';
import { ModelFileError, parseModel, serializeModel } from '../../src/io/modelFile.js';
import { mlp } from '../../src/nn/mlp.js';

/** A version 1 file (one JSON document): the reader for the old format is fuzzed here, version 2 in modelLines.test.ts. */
const VALID = stringifyJson(
  serializeModel(mlp([2, 3, 3, 2], { norm: 'batch', residual: true, seed: 1 }), {
    task: 'multiclass',
    classes: ['a', 'b'],
    featureNames: ['u', 'v'],
    standardizer: { mean: [0.5, -2], std: [1.5, 0.25] },
    training: { epochs: 2, loss: [0.9, 0.4] },
  }),
  2,
);

/** parseModel either loads or throws a ModelFileError with a one-line message naming the source. */
function readsCleanly(input: unknown): boolean {
  try {
    parseModel(input, 'fuzz.json');
    return true;
  } catch (e) {
    if (!(e instanceof ModelFileError)) throw new Error(`threw a non-ModelFileError: ${e}`);
    if (!e.message.startsWith('fuzz.json: ') || e.message.includes('\n'))
      throw new Error(`bad message: ${e.message}`);
    return false;
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value, as key lists. */
function paths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) {
    v.forEach((c, i) => {
      paths(c, [...prefix, i], out);
    });
  } else if (v && typeof v === 'object')
    for (const [k, c] of Object.entries(v)) paths(c, [...prefix, k], out);
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}

// The timeout turns a hang into a failure.
describe('model file reader fuzz', { timeout: 60_000 }, () => {
  it('the unmutated fixture loads', () => assert.ok(readsCleanly(VALID)));

  it('random JSON values and texts never throw anything but a ModelFileError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => readsCleanly(v) || true),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.json(), (t) => readsCleanly(t) || true),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (t) => readsCleanly(t) || true),
      { numRuns: 300 },
    );
  });

  it('random bytes, and the valid file with bytes changed, read as UTF-8', () => {
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => readsCleanly(decode(bytes)) || true),
      { numRuns: 300 },
    );
    const valid = new TextEncoder().encode(VALID);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), (i, b) => {
        const bytes = valid.slice();
        bytes[i] = b;
        return readsCleanly(decode(bytes)) || true;
      }),
      { numRuns: 400 },
    );
  });

  it('random headers with random bodies', () => {
    const doc = fc.record({
      format: fc.constantFrom('mlp-lab-model', 'x'),
      version: fc.constantFrom(1, 2, '1'),
      dtype: fc.constantFrom('float32', 'float64', 'int'),
      spec: fc.jsonValue(),
      params: fc.jsonValue(),
      buffers: fc.jsonValue(),
      metadata: fc.jsonValue(),
    });
    fc.assert(
      fc.property(doc, (d) => readsCleanly(d) || true),
      { numRuns: 400 },
    );
  });

  it('a valid file with one node replaced by random JSON, or deleted', () => {
    const base = JSON.parse(VALID) as Json;
    const all = paths(base);
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.option(fc.jsonValue(), { nil: undefined }), (i, value) => {
        readsCleanly(setAt(base, all[i], value as Json | undefined));
        return true;
      }),
      { numRuns: 600 },
    );
  });

  it('a valid file with any node replaced by deep nesting, as text: rejected exactly past 64 levels', () => {
    const base = JSON.parse(VALID) as Json;
    const all = paths(base);
    const marker = '"__deep__"';
    fc.assert(
      fc.property(
        fc.nat(all.length - 1),
        fc.integer({ min: 1, max: 300_000 }),
        fc.constantFrom(['[', ']'], ['{"k":', '}']),
        (i, levels, [open, close]) => {
          // Nesting is spliced into the text, since building it as an object would itself recurse.
          const text = JSON.stringify(setAt(base, all[i], '__deep__'));
          const deep = text.replace(marker, `${open.repeat(levels)}0${close.repeat(levels)}`);
          const ok = readsCleanly(deep);
          // The replaced node sits all[i].length levels below the document, which is level 1.
          if (all[i].length + levels > 64) {
            assert.throws(() => parseModel(deep, 'f'), /nested more than 64 arrays or objects deep/);
          }
          return ok || true;
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a valid file with numbers nudged (sizes, shapes, hyperparameters)', () => {
    const base = JSON.parse(VALID) as Json;
    const numeric = paths(base).filter((p) => {
      let node: unknown = base;
      for (const k of p) node = (node as Record<string | number, unknown>)[k];
      return typeof node === 'number';
    });
    const nudge = fc.constantFrom(0, -1, 1, 2, 0.5, 1e9, -0, 1e308, 3);
    fc.assert(
      fc.property(fc.nat(numeric.length - 1), nudge, (i, v) => {
        readsCleanly(setAt(base, numeric[i], v));
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('truncated and byte-mutated texts', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length), (n) => {
        const ok = readsCleanly(VALID.slice(0, n));
        // Only the whole file (or the whole file less trailing whitespace) is valid.
        if (ok) assert.equal(VALID.slice(0, n).trim(), VALID.trim());
        return true;
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), fc.string({ minLength: 1, maxLength: 3 }), (i, s) => {
        readsCleanly(VALID.slice(0, i) + s + VALID.slice(i + 1));
        return true;
      }),
      { numRuns: 600 },
    );
  });

  it('truncated or corrupted base64 data is rejected with the parameter named', () => {
    const base = JSON.parse(VALID);
    fc.assert(
      fc.property(fc.nat(base.params.length - 1), fc.nat(), (p, cut) => {
        const d = structuredClone(base);
        const data: string = d.params[p].data;
        d.params[p].data = data.slice(0, cut % data.length);
        assert.throws(
          () => parseModel(d, 'f'),
          (e: unknown) => e instanceof ModelFileError && e.message.includes(`'${base.params[p].path}'`),
        );
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('base64 codec: encode/decode round trip, and decode rejects or accepts canonically', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64(bytes);
        assert.deepEqual(decodeBase64(text), bytes);
        assert.equal(text, Buffer.from(bytes).toString('base64'));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw+/=a9-_ '.split('')), maxLength: 16 }), (s) => {
        try {
          const bytes = decodeBase64(s);
          assert.equal(encodeBase64(bytes), s);
        } catch (e) {
          assert.ok(e instanceof Error);
        }
      }),
    );
  });
});
