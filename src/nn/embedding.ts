/**
 * Learned embeddings of integer category codes, as a model's first layer. It
 * takes the whole input row: each code column c is replaced by the row
 * table_c[code] of width dim_c, and every other column passes through.
 *
 * Output column order: the pass-through columns in their input order, then
 * the embedding of each code column in ascending column order. So an input
 * [a, colour, b, size] with codes in columns 1 and 3 gives
 * [a, b, table0[colour]..., table1[size]...].
 *
 * Tables start at zero, as buildLayer leaves every parameter before weights
 * are loaded; given an rng they are drawn from N(0, 1), as torch.nn.Embedding
 * initialises them.
 */
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { EmbeddingColumn, ForwardContext, Layer, LayerSpec, Param } from './layer.js';
import { param } from './param.js';

export interface EmbeddingOptions {
  dtype?: DType;
  /** Draws every table from N(0, 1), in column order; without it the tables are zero. */
  rng?: Rng;
}

/** The CLI's default embedding width, ceil(√categories) capped at 8, so a wide categorical column cannot dwarf the numeric inputs. */
export function defaultEmbeddingDim(categories: number): number {
  return Math.min(8, Math.ceil(Math.sqrt(categories)));
}

export class EmbeddingInput implements Layer {
  readonly kind = 'embedding';
  readonly nOut: number;
  readonly dtype: DType;
  readonly columns: readonly EmbeddingColumn[];
  /** One table per code column, named 'table0', 'table1', ... in column order. */
  readonly params: readonly Param[];
  readonly buffers = [];
  /** Input index of each pass-through column, in output order. */
  private readonly passThrough: Int32Array;
  /** Output offset of each code column's embedding. */
  private readonly offsets: Int32Array;
  /** The codes of the latest forward, rows × columns.length; backward reads them instead of revalidating x. */
  private codes = new Int32Array(0);
  private rows = -1;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;

  constructor(
    readonly nIn: number,
    columns: readonly EmbeddingColumn[],
    options: EmbeddingOptions = {},
  ) {
    if (!(Number.isInteger(nIn) && nIn > 0)) {
      throw new Error(`EmbeddingInput: nIn must be a positive integer, got ${nIn}`);
    }
    if (columns.length === 0) throw new Error('EmbeddingInput: give at least one code column to embed');
    columns.forEach(({ column, categories, dim }, i) => {
      if (!(Number.isInteger(column) && column >= 0 && column < nIn)) {
        throw new Error(`EmbeddingInput: column ${column} is not an input column 0..${nIn - 1}`);
      }
      if (i > 0 && column <= columns[i - 1].column) {
        throw new Error(
          `EmbeddingInput: list code columns in ascending order without repeats, got ${column} after ${columns[i - 1].column}`,
        );
      }
      for (const [what, v] of [
        ['categories', categories],
        ['dim', dim],
      ] as const) {
        if (!(Number.isInteger(v) && v > 0)) {
          throw new Error(`EmbeddingInput: column ${column} ${what} must be a positive integer, got ${v}`);
        }
      }
    });
    const dtype = (this.dtype = options.dtype ?? 'float32');
    this.columns = columns.map(({ column, categories, dim }) => ({ column, categories, dim }));
    const coded = new Set(columns.map((c) => c.column));
    this.passThrough = Int32Array.from({ length: nIn }, (_, j) => j).filter((j) => !coded.has(j));
    this.offsets = new Int32Array(columns.length);
    let width = this.passThrough.length;
    columns.forEach((c, i) => {
      this.offsets[i] = width;
      width += c.dim;
    });
    this.nOut = width;
    this.params = columns.map((c, i) => param(`table${i}`, c.categories, c.dim, dtype, true));
    if (options.rng) for (const p of this.params) options.rng.fillNormal(p.value.data, 0, 1);
    this.out = new Workspace(dtype, this.nOut);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    const { nIn, nOut, columns, passThrough, offsets } = this;
    if (x.cols !== nIn) throw new Error(`${this}: input has ${x.cols} columns, expected ${nIn}`);
    this.rows = -1;
    const m = columns.length;
    if (this.codes.length < x.rows * m) this.codes = new Int32Array(x.rows * m);
    const y = this.out.get(x.rows);
    const xd = x.data;
    const yd = y.data;
    for (let r = 0; r < x.rows; r++) {
      const xi = r * nIn;
      const yi = r * nOut;
      for (let j = 0; j < passThrough.length; j++) yd[yi + j] = xd[xi + passThrough[j]];
      for (let c = 0; c < m; c++) {
        const { column, categories, dim } = columns[c];
        const code = xd[xi + column];
        if (!(Number.isInteger(code) && code >= 0 && code < categories)) {
          throw new Error(
            `EmbeddingInput: input column ${column} holds ${code} in row ${r}, but it takes category codes, integers 0..${categories - 1}; encode the column with categoricalEncoding 'index' and leave it out of standardisation`,
          );
        }
        this.codes[r * m + c] = code;
        const table = this.params[c].value.data;
        const o = yi + offsets[c];
        for (let k = 0; k < dim; k++) yd[o + k] = table[code * dim + k];
      }
    }
    this.rows = x.rows;
    return y;
  }

  /** Scatter-adds dy into the rows of each table that the forward looked up; codes get no input gradient. */
  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    const { rows, nIn, nOut, columns, passThrough, offsets, codes } = this;
    if (rows < 0) throw new Error(`${this}: backward before forward`);
    const m = columns.length;
    const dyd = dy.data;
    for (let c = 0; c < m; c++) {
      const { dim } = columns[c];
      const g = this.params[c].grad.data;
      g.fill(0);
      for (let r = 0; r < rows; r++) {
        const at = codes[r * m + c] * dim;
        const o = r * nOut + offsets[c];
        for (let k = 0; k < dim; k++) g[at + k] += dyd[o + k];
      }
    }
    if (!needInputGrad) return null;
    const dx = this.dxBuf.get(rows);
    dx.data.fill(0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < passThrough.length; j++) dx.data[r * nIn + passThrough[j]] = dyd[r * nOut + j];
    }
    return dx;
  }

  spec(): LayerSpec {
    return { kind: 'embedding', nIn: this.nIn, columns: this.columns.map((c) => ({ ...c })) };
  }

  toString(): string {
    const tables = this.columns.map((c) => `column ${c.column}: ${c.categories}×${c.dim}`).join(', ');
    return `EmbeddingInput(${this.nIn}→${this.nOut}; ${tables})`;
  }
}
