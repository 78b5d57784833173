/**
 * The fused dense layer in WebAssembly SIMD (asm/dense.ts): one call computes
 * z = x·Wᵀ + b and y = f(z), one more the whole backward of the pair.
 *
 * A DenseArena is a private wasm memory with one slot per fused layer of a
 * model. The forward copies x, W and b into its slot and z, y out to the
 * layers' own buffers; what the backward needs (x, W, z, y) is still in the
 * slot, so it copies in only dy and copies out gW, gb and dx. The copies are
 * linear in the operands and run at memcpy speed: they cost less than the
 * calls and passes they replace.
 */
import { denseWasmBase64 } from './generated/denseWasm.js';
import { compileOnce, copyInto, SMALL_COPY } from './wasmModule.js';

/** Activation codes of asm/dense.ts. */
export const DENSE_ACTIVATIONS = { identity: 0, relu: 1, leaky_relu: 2, tanh: 3 } as const;
export type DenseActivation = keyof typeof DENSE_ACTIVATIONS;

interface DenseExports {
  forward(
    rows: number,
    nIn: number,
    nOut: number,
    x: number,
    w: number,
    b: number,
    z: number,
    y: number,
    act: number,
    alpha: number,
    wt: number,
  ): void;
  backward(
    rows: number,
    nIn: number,
    nOut: number,
    x: number,
    w: number,
    z: number,
    y: number,
    dy: number,
    dz: number,
    gw: number,
    gb: number,
    dx: number,
    act: number,
    alpha: number,
    wt: number,
    gwt: number,
  ): void;
  heapBase(): number;
}

export interface DenseShape {
  readonly nIn: number;
  readonly nOut: number;
  /** The most rows this layer will run with: its slot never grows past them. */
  readonly maxRows: number;
  /** Whether an activation follows the product (identity otherwise): only then does the slot hold y and dz. */
  readonly hasActivation: boolean;
}

const PAGE_BYTES = 65536;

/** One layer's operands: float offsets into the heap, for the current row capacity. */
interface Slot {
  readonly nIn: number;
  readonly nOut: number;
  readonly maxRows: number;
  readonly hasActivation: boolean;
  /** Rows the slot holds in the current layout. */
  capacity: number;
  x: number;
  w: number;
  b: number;
  z: number;
  y: number;
  dy: number;
  dz: number;
  gw: number;
  gb: number;
  dx: number;
  wt: number;
  gwt: number;
  /** The latest forward's rows, activation and whether it had a bias: the backward reuses them. */
  rows: number;
  act: number;
  alpha: number;
  hasBias: boolean;
  /** Heap views of z, y and dx for `viewRows` rows, and of gW and gb, so copy-outs allocate nothing. */
  viewRows: number;
  zView: Float32Array;
  yView: Float32Array;
  dxView: Float32Array;
  gwView: Float32Array;
  gbView: Float32Array;
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;
const EMPTY = new Float32Array(0);

export class DenseArena {
  private readonly wasm: DenseExports;
  private readonly memory: WebAssembly.Memory;
  private readonly base: number;
  private readonly slots: Slot[];
  private heap: Float32Array;

  constructor(module: WebAssembly.Module, shapes: readonly DenseShape[]) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as DenseExports;
    this.base = align4(this.wasm.heapBase() / 4);
    this.heap = new Float32Array(this.memory.buffer);
    this.slots = shapes.map(({ nIn, nOut, maxRows, hasActivation }) => ({
      nIn,
      nOut,
      maxRows,
      hasActivation,
      capacity: 0,
      x: 0,
      w: 0,
      b: 0,
      z: 0,
      y: 0,
      dy: 0,
      dz: 0,
      gw: 0,
      gb: 0,
      dx: 0,
      wt: 0,
      gwt: 0,
      rows: 0,
      act: 0,
      alpha: 0,
      hasBias: false,
      viewRows: -1,
      zView: EMPTY,
      yView: EMPTY,
      dxView: EMPTY,
      gwView: EMPTY,
      gbView: EMPTY,
    }));
  }

  /**
   * Makes every slot hold `rows` rows (at least one, so that even an empty
   * batch finds its slots laid out), or its maxRows if fewer. Call it before a
   * forward pass, never between a forward and its backward: a new layout drops
   * what the slots hold. When the memory cannot grow, it throws and the
   * current layout stays.
   */
  reserve(rows: number): void {
    const slots = this.slots;
    const want = Math.max(rows, 1);
    let grow = false;
    for (let i = 0; i < slots.length; i++)
      if (slots[i].capacity < Math.min(want, slots[i].maxRows)) grow = true;
    if (grow) this.grow(want);
  }

  /** Lays the slots out again for `want` rows (doubling, capped per slot); its closure stays out of reserve's per-step path. */
  private grow(want: number): void {
    const slots = this.slots;
    const capacities = slots.map((s) => Math.min(Math.max(want, 2 * s.capacity), s.maxRows));
    const bytes = 4 * this.layout(capacities, false);
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    this.layout(capacities, true);
    const heap = (this.heap = new Float32Array(this.memory.buffer));
    for (const s of slots) {
      s.viewRows = -1;
      s.gwView = heap.subarray(s.gw, s.gw + s.nOut * s.nIn);
      s.gbView = heap.subarray(s.gb, s.gb + s.nOut);
    }
  }

  /**
   * Places every slot's operands for the given row capacities, in float
   * offsets; only measures unless `assign`. Returns the end offset. Every
   * operand starts 16-byte aligned and is padded to whole vectors of four
   * floats: the kernel's elementwise loops run over the padding. A slot without
   * an activation has no y or dz.
   */
  private layout(capacities: readonly number[], assign: boolean): number {
    let at = this.base;
    const take = (n: number) => {
      const start = at;
      at += align4(n);
      return start;
    };
    this.slots.forEach((s, i) => {
      const { nIn, nOut } = s;
      const rows = capacities[i];
      const act = s.hasActivation ? rows * nOut : 0;
      const offsets = {
        capacity: rows,
        x: take(rows * nIn),
        w: take(nOut * nIn),
        b: take(nOut),
        z: take(rows * nOut),
        y: take(act),
        dy: take(rows * nOut),
        dz: take(act),
        gw: take(nOut * nIn),
        gb: take(nOut),
        dx: take(rows * nIn),
        wt: take(nIn * nOut),
        gwt: take(nIn * nOut),
      };
      if (assign) Object.assign(s, offsets);
    });
    return at;
  }

  /**
   * Layer `slot`'s forward on `rows` rows: z = x·Wᵀ + b (b null: no bias) and,
   * unless act is identity (y null), y = f(z). rows must be within the slot's
   * reserved rows.
   */
  forward(
    slot: number,
    rows: number,
    x: Float32Array,
    w: Float32Array,
    b: Float32Array | null,
    z: Float32Array,
    y: Float32Array | null,
    act: DenseActivation,
    alpha: number,
  ): void {
    const s = this.slots[slot];
    const code = DENSE_ACTIVATIONS[act];
    if ((code !== 0) !== s.hasActivation)
      throw new Error(
        `dense slot ${slot} was laid out ${s.hasActivation ? 'with' : 'without'} an activation, got '${act}'`,
      );
    copyInto(this.heap, x, rows * s.nIn, s.x);
    copyInto(this.heap, w, s.nOut * s.nIn, s.w);
    if (b) copyInto(this.heap, b, s.nOut, s.b);
    this.wasm.forward(
      rows,
      s.nIn,
      s.nOut,
      4 * s.x,
      4 * s.w,
      b ? 4 * s.b : 0,
      4 * s.z,
      4 * s.y,
      code,
      alpha,
      4 * s.wt,
    );
    s.rows = rows;
    s.act = code;
    s.alpha = alpha;
    s.hasBias = b !== null;
    if (s.viewRows !== rows) this.viewsFor(s, rows);
    this.copyOut(z, s.zView, s.z, rows * s.nOut);
    if (y) this.copyOut(y, s.yView, s.y, rows * s.nOut);
  }

  /**
   * The backward of slot's latest forward: gW and gb (when that forward had a
   * bias) from dy, and dx when given.
   */
  backward(
    slot: number,
    dy: Float32Array,
    gw: Float32Array,
    gb: Float32Array | null,
    dx: Float32Array | null,
  ): void {
    const s = this.slots[slot];
    const { rows, nIn, nOut } = s;
    copyInto(this.heap, dy, rows * nOut, s.dy);
    this.wasm.backward(
      rows,
      nIn,
      nOut,
      4 * s.x,
      4 * s.w,
      4 * s.z,
      4 * s.y,
      4 * s.dy,
      4 * s.dz,
      4 * s.gw,
      s.hasBias ? 4 * s.gb : 0,
      dx ? 4 * s.dx : 0,
      s.act,
      s.alpha,
      4 * s.wt,
      4 * s.gwt,
    );
    this.copyOut(gw, s.gwView, s.gw, nOut * nIn);
    if (gb && s.hasBias) this.copyOut(gb, s.gbView, s.gb, nOut);
    if (dx) this.copyOut(dx, s.dxView, s.dx, rows * nIn);
  }

  private viewsFor(s: Slot, rows: number): void {
    const heap = this.heap;
    s.zView = heap.subarray(s.z, s.z + rows * s.nOut);
    s.yView = heap.subarray(s.y, s.y + rows * s.nOut);
    s.dxView = heap.subarray(s.dx, s.dx + rows * s.nIn);
    s.viewRows = rows;
  }

  private copyOut(dst: Float32Array, view: Float32Array, at: number, n: number): void {
    if (n <= SMALL_COPY) {
      const heap = this.heap;
      for (let i = 0; i < n; i++) dst[i] = heap[at + i];
    } else {
      dst.set(view);
    }
  }
}

/** The compiled module, or null (compileOnce); it is under 4 KiB so browsers compile it synchronously. */
export const denseModule = compileOnce(denseWasmBase64);

/** An arena for layers of these shapes, or null where the module is unavailable (denseModule). */
export function createDenseArena(shapes: readonly DenseShape[]): DenseArena | null {
  const m = denseModule();
  return m ? new DenseArena(m, shapes) : null;
}
