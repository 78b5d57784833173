/**
 * A scalar reverse-mode autodiff in the style of micrograd: the reference the
 * engine's hand-written backward passes are checked against.
 *
 * Every operation makes a new Value that remembers its parents and the local
 * derivatives ∂out/∂parent, computed at forward time. backward() orders the
 * graph topologically and applies the chain rule from the output down:
 *   parent.grad += (∂out/∂parent) · out.grad.
 * Only elementary operations are primitives; layers and activations are
 * written as compositions of them (see nn.ts), so this file is all the
 * calculus the reference knows.
 */

export type Scalar = Value | number;

export class Value {
  grad = 0;

  constructor(
    readonly data: number,
    readonly parents: readonly Value[] = [],
    readonly locals: readonly number[] = [],
  ) {}

  static of(x: Scalar): Value {
    return x instanceof Value ? x : new Value(x);
  }

  add(other: Scalar): Value {
    const o = Value.of(other);
    return new Value(this.data + o.data, [this, o], [1, 1]);
  }

  sub(other: Scalar): Value {
    const o = Value.of(other);
    return new Value(this.data - o.data, [this, o], [1, -1]);
  }

  mul(other: Scalar): Value {
    const o = Value.of(other);
    return new Value(this.data * o.data, [this, o], [o.data, this.data]);
  }

  div(other: Scalar): Value {
    const o = Value.of(other);
    return new Value(this.data / o.data, [this, o], [1 / o.data, -this.data / (o.data * o.data)]);
  }

  neg(): Value {
    return new Value(-this.data, [this], [-1]);
  }

  /** this^k for a constant exponent k. */
  pow(k: number): Value {
    return new Value(this.data ** k, [this], [k * this.data ** (k - 1)]);
  }

  sqrt(): Value {
    const s = Math.sqrt(this.data);
    return new Value(s, [this], [0.5 / s]);
  }

  exp(): Value {
    const e = Math.exp(this.data);
    return new Value(e, [this], [e]);
  }

  log(): Value {
    return new Value(Math.log(this.data), [this], [1 / this.data]);
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    return new Value(t, [this], [1 - t * t]);
  }

  sin(): Value {
    return new Value(Math.sin(this.data), [this], [Math.cos(this.data)]);
  }

  /** max(0, x), with derivative 0 at x = 0. */
  relu(): Value {
    return new Value(Math.max(this.data, 0), [this], [this.data > 0 ? 1 : 0]);
  }

  /** The error function, d/dx erf(x) = 2/√π · e^{−x²}. */
  erf(): Value {
    return new Value(erf(this.data), [this], [(2 / Math.sqrt(Math.PI)) * Math.exp(-this.data * this.data)]);
  }

  /** Σ values as one node (a long chain of add would also do, only slower). */
  static sum(values: readonly Scalar[]): Value {
    const vs = values.map(Value.of);
    return new Value(
      vs.reduce((s, v) => s + v.data, 0),
      vs,
      vs.map(() => 1),
    );
  }

  /** Σ a_i·b_i. */
  static dot(a: readonly Scalar[], b: readonly Scalar[]): Value {
    if (a.length !== b.length) throw new Error(`dot of lengths ${a.length} and ${b.length}`);
    return Value.sum(a.map((x, i) => Value.of(x).mul(b[i])));
  }

  /** Sets every grad in the graph below this node, with d(this)/d(this) = 1. */
  backward(): void {
    const order = topologicalOrder(this);
    for (const v of order) v.grad = 0;
    this.grad = 1;
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k];
      v.parents.forEach((p, i) => {
        p.grad += v.locals[i] * v.grad;
      });
    }
  }
}

/** Nodes with every parent before its children (iterative DFS: deep graphs do not overflow the stack). */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const seen = new Set<Value>();
  const stack: [Value, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [v, i] = top;
    if (i < v.parents.length) {
      top[1] = i + 1;
      const p = v.parents[i];
      if (!seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(v);
    }
  }
  return order;
}

/**
 * erf by the everywhere-positive series
 *   erf(x) = 2/√π · e^{−x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·5···(2n+1)),
 * which has no cancellation (unlike the alternating Maclaurin series the
 * engine uses near zero), so it is accurate to a few ulps. |x| ≥ 6 rounds to ±1.
 */
export function erf(x: number): number {
  if (Math.abs(x) >= 6) return Math.sign(x);
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}
