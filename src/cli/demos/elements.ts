/**
 * Input, output, architecture, loss and optimizer of a small network, with one
 * forward and one backward pass drawn and checked three ways: the chain rule
 * written out, finite differences, and one optimizer step that lowers the loss.
 */
import { elementsPass } from '../../analysis/elementsPass.js';
import { elementsFigure } from '../../viz/elementsFigure.js';
import { networkDiagramFigure } from '../../viz/networkDiagram.js';
import { claimAtMost, claimEqual, type Demo } from './demo.js';

export const elementsDemo: Demo = {
  summary:
    'input, output, architecture, loss and optimizer: one forward and backward pass of a 2-2-1 net, drawn',
  async run() {
    const p = elementsPass();
    const claims = [
      claimEqual('forward: ŷ = W₂·ReLU(W₁x + b₁) + b₂ for x = (1, 2)', p.output, 0),
      claimEqual('loss (ŷ − y)² with y = 1', p.loss, 1),
      claimAtMost('max |backward − chain rule written out|', p.chainRuleGap, 0),
      claimAtMost('max |backward − finite difference of the loss|', p.check.maxGap, 1e-8),
      claimAtMost(
        `loss after one SGD step (η = ${p.learningRate}), against the loss before`,
        p.lossAfter,
        p.loss,
      ),
    ];
    const fmt = (v: readonly number[]) => `(${v.map((a) => Number(a.toPrecision(6))).join(', ')})`;
    const text = [
      'A network is five things: an input x, an architecture with parameters θ that turns x into an output ŷ,',
      'a loss that scores ŷ against the target y, and an optimizer that moves θ downhill on the loss.',
      `Forward: x = ${fmt(p.input)} → z = W₁x + b₁ = ${fmt(p.pre)} → h = ReLU(z) = ${fmt(p.hidden)} → ŷ = W₂h + b₂ = ${p.output}`,
      `Loss: (ŷ − y)² = (${p.output} − ${p.target})² = ${p.loss}`,
      `Backward: ∂L/∂ŷ = 2(ŷ − y) = ${p.dLossDOutput}; ∂L/∂W₂ = ${fmt(p.grads['2.weight'])}; ∂L/∂W₁ = ${fmt(p.grads['0.weight'])} (row by row)`,
      `Optimizer: θ ← θ − ${p.learningRate}·∂L/∂θ lowers the loss from ${p.loss} to ${Number(p.lossAfter.toPrecision(6))}.`,
      `All ${p.check.checked} gradients agree with finite differences to ${p.check.maxGap.toExponential(1)}.`,
    ].join('\n');
    const figures = [
      await elementsFigure(p),
      await networkDiagramFigure(p.model, {
        name: 'elements-network',
        title: 'The 2-2-1 ReLU network of the elements figure',
      }),
    ];
    return {
      report: {
        demo: 'elements',
        claims,
        output: p.output,
        loss: p.loss,
        lossAfter: p.lossAfter,
        gradients: p.grads,
        maxGradientGap: p.check.maxGap,
      },
      text,
      figures,
    };
  },
};
