/**
 * Seeded random numbers: xoshiro128** seeded through splitmix32. Every random
 * draw in mlp-lab takes an Rng explicitly, so the same seed gives the same bits
 * in Node and in the browser. The whole state is four 32-bit words, which
 * checkpoints save and restore.
 */

export type RngState = readonly [number, number, number, number];

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed)) {
      // Fractions and integers beyond 2^53 would silently share a stream with a nearby seed.
      throw new Error(`rng seed must be a whole number between -(2^53 - 1) and 2^53 - 1, got ${seed}`);
    }
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      return fmix32(x);
    };
    // The seed's high part enters the last two words through a bijection that maps 0 to 0, so every
    // safe integer gets its own state and seeds below 2^32 keep the streams they always had.
    const high = fmix32(Math.floor(seed / 4294967296) | 0);
    this.s0 = next();
    this.s1 = next();
    this.s2 = (next() ^ high) >>> 0;
    this.s3 = (next() ^ Math.imul(high, 0x9e3779b1)) >>> 0;
  }

  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: RngState): void {
    if (state.length !== 4 || state.every((w) => w === 0)) {
      throw new Error('rng state must be four 32-bit words, not all zero');
    }
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w >>> 0);
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits, so float64 analysis gets full precision. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal by Box–Muller; one draw per call keeps the state four words. */
  normal(mean = 0, std = 1): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal resampled until it lies within [mean - bound*std, mean + bound*std] (PyTorch's trunc_normal_ at ±2σ by default). */
  truncatedNormal(mean = 0, std = 1, bound = 2): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= bound) return mean + std * z;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates), written into out when given. */
  permutation(n: number, out: Uint32Array = new Uint32Array(n)): Uint32Array {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  fillUniform(a: Float32Array | Float64Array, low: number, high: number): void {
    for (let i = 0; i < a.length; i++) a[i] = this.uniformIn(low, high);
  }

  fillNormal(a: Float32Array | Float64Array, mean: number, std: number): void {
    for (let i = 0; i < a.length; i++) a[i] = this.normal(mean, std);
  }

  /** An independent generator derived from this one (advances this one by four draws). */
  fork(): Rng {
    const r = new Rng(0);
    r.setState([this.nextU32() | 1, this.nextU32(), this.nextU32(), this.nextU32()]);
    return r;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with fmix32(0) = 0. */
function fmix32(h: number): number {
  let z = h;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
