/**
 * The contract every loss keeps, mirroring a layer's: forward takes the model
 * output and the targets and returns the batch mean; backward returns dL/dpred
 * of that mean for the latest forward. The gradient lives in a buffer the loss
 * owns and reuses, so a warm training loop allocates nothing.
 */
import { type DType, dtypeOf, type Matrix, Workspace } from '../../tensor/matrix.js';

export interface Loss {
  readonly name: string;
  /** Whether the loss reads the model output as logits (bce, cross-entropy): a logit of 0 is the decision boundary. */
  readonly takesLogits: boolean;
  /** Mean loss of pred against target; remembers both for backward. */
  forward(pred: Matrix, target: Matrix): number;
  /** dL/dpred of the latest forward's mean, owned by the loss and valid until its next backward. */
  backward(): Matrix;
}

/** A gradient buffer shaped like the prediction; regrows only when the width or dtype changes. */
export class GradBuffer {
  private ws: Workspace | null = null;

  get(rows: number, cols: number, dtype: DType): Matrix {
    if (!this.ws || this.ws.cols !== cols || this.ws.dtype !== dtype) this.ws = new Workspace(dtype, cols);
    return this.ws.get(rows);
  }

  like(m: Matrix): Matrix {
    return this.get(m.rows, m.cols, dtypeOf(m.data));
  }
}

export function checkSameShape(loss: string, pred: Matrix, target: Matrix): void {
  if (pred.rows !== target.rows || pred.cols !== target.cols) {
    throw new Error(
      `${loss}: prediction is ${pred.rows}x${pred.cols} but target is ${target.rows}x${target.cols}; they must match (is the output width right for the task?)`,
    );
  }
}

/** The inputs of the latest forward, which backward needs; one record per loss, reused every step. */
export class LastPass {
  private pred: Matrix | null = null;
  private target: Matrix | null = null;

  remember(pred: Matrix, target: Matrix): void {
    this.pred = pred;
    this.target = target;
  }

  recall(loss: string): { readonly pred: Matrix; readonly target: Matrix } {
    if (!this.pred || !this.target) throw new Error(`${loss}: backward before forward`);
    return this as unknown as { readonly pred: Matrix; readonly target: Matrix };
  }
}
