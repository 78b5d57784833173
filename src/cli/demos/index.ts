import type { Demo } from './demo.js';
import { linearCollapseDemo } from './linearCollapse.js';
import { xorDemo } from './xor.js';

export type { Claim, Demo, DemoContext, DemoOutput, DemoReport } from './demo.js';

export const demos: Record<string, Demo> = {
  xor: xorDemo,
  'linear-collapse': linearCollapseDemo,
};
