import { activationsDemo } from './activations.js';
import { bumpsDemo } from './bumps.js';
import type { Demo } from './demo.js';
import { elementsDemo } from './elements.js';
import { experimentDemos } from './experiments.js';
import { absDemo, logicDemo, maxDemo } from './gates.js';
import { linearCollapseDemo } from './linearCollapse.js';
import { memorizeDemo } from './memorize.js';
import { regionsDemo } from './regions.js';
import { squareDemo } from './square.js';
import { telgarskyDemo } from './telgarsky.js';
import { xorDemo } from './xor.js';
import { yarotskyDemo } from './yarotsky.js';

export type { Claim, Demo, DemoContext, DemoOutput, DemoReport } from './demo.js';

export const demos: Record<string, Demo> = {
  xor: xorDemo,
  'linear-collapse': linearCollapseDemo,
  abs: absDemo,
  max: maxDemo,
  logic: logicDemo,
  bumps: bumpsDemo,
  square: squareDemo,
  telgarsky: telgarskyDemo,
  yarotsky: yarotskyDemo,
  memorize: memorizeDemo,
  regions: regionsDemo,
  activations: activationsDemo,
  elements: elementsDemo,
  ...experimentDemos,
};
