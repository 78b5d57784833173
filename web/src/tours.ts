/**
 * The guided tours: each claim of the project as a preset for the run (where
 * training shows it) and a measurement the worker makes with the library's
 * constructions (tourMeasures.ts), explained in both languages. The texts are
 * kept per language, like web/src/i18n.ts, with the Chinese table typed against
 * the tours' ids, so a tour without a translation does not compile.
 */
import type { Lang } from './i18n.js';
import type { Settings } from './settings.js';

export const TOUR_IDS = ['collapse', 'absMax', 'gates', 'telgarsky', 'hinges', 'bumps', 'spectral'] as const;
export type TourId = (typeof TOUR_IDS)[number];

export interface Tour {
  title: Record<Lang, string>;
  text: Record<Lang, string>;
  /** Settings the run switches to, so the views show the claim while it trains. */
  preset: Partial<Settings>;
}

const relu = (units: number) => ({ units, activation: 'relu' as const });

const PRESETS: Record<TourId, Partial<Settings>> = {
  collapse: { task: 'xor', noise: 0, layers: [{ units: 8, activation: 'identity' }] },
  absMax: { task: 'function', expression: 'abs(x)', layers: [relu(2)] },
  gates: { task: 'xor', noise: 0, layers: [relu(2)] },
  telgarsky: {
    task: 'function',
    expression: 'abs(2*abs(2*abs(2*abs(2*x)-1)-1)-1)',
    layers: [relu(2), relu(2), relu(2), relu(2)],
  },
  hinges: { task: 'function', expression: 'x^2', layers: [relu(8)] },
  bumps: { task: 'function', expression: 'sin(3*x)', layers: [relu(24)] },
  spectral: { task: 'function', expression: 'sin(x) + sin(6*x)', layers: [relu(32), relu(32)] },
};

/** A tour's title and explanation in one language. */
type Texts = Record<TourId, { title: string; text: string }>;

const EN: Texts = {
  collapse: {
    title: 'Linear layers collapse; ReLU solves XOR',
    text: 'Without a nonlinearity, any stack of layers is one affine map (shown below), and no affine map separates XOR: accuracy stays near ½. The same 2-8-1 net with ReLU reaches 100%. The run is set to identity activations: train it and watch the collapsed map in Dissect.',
  },
  absMax: {
    title: '|x| and max from hand-set weights',
    text: '|x| = relu(x) + relu(−x) needs two ReLU units; max(a, b) = b + relu(a − b) needs three without a skip connection. The weights are written, not trained, and the error is exactly 0.',
  },
  gates: {
    title: 'AND, OR and XOR gates',
    text: 'AND = relu(a + b − 1); OR = relu(a + b) − relu(a + b − 1); XOR = relu(a + b) − 2·relu(a + b − 1). One or two units per gate, exact on all four inputs, so MLPs can compute any Boolean circuit.',
  },
  telgarsky: {
    title: 'Depth beats width: the sawtooth',
    text: 'Composing the tent map d times gives 2^d linear pieces with only 2 units per layer (2d units). One hidden layer needs 2^d units for the same function: linear in depth, exponential in width.',
  },
  hinges: {
    title: 'Hinges approximate x²',
    text: 'k ReLU hinges interpolate x² at k + 1 knots on [−1, 1]; the largest error is h²·max|f″|/8 = 1/k². Doubling the units quarters the error.',
  },
  bumps: {
    title: 'Bumps memorise points',
    text: 'Three ReLU units make a tent of height 1 at one point and 0 beyond its neighbours. One tent per point, scaled by its label, fits any finite set of points exactly.',
  },
  spectral: {
    title: 'Spectral bias: low frequencies first',
    text: 'Fitted to a sum of sines, a ReLU net removes the low frequencies from its error first and the high ones much later. The run is set to sin(x) + sin(6x): the smooth part appears long before the wiggles.',
  },
};

const ZH: Texts = {
  collapse: {
    title: '线性层会塌缩；ReLU 能解 XOR',
    text: '没有非线性时，任意多层叠加仍只是一个仿射映射（见下），而没有仿射映射能分开 XOR：准确率停在 ½ 附近。同样的 2-8-1 网络换成 ReLU 可达 100%。当前运行已设为恒等激活：训练它，在“剖析”中查看塌缩后的映射。',
  },
  absMax: {
    title: '手工设定权重得到 |x| 与 max',
    text: '|x| = relu(x) + relu(−x) 只需两个 ReLU 单元；max(a, b) = b + relu(a − b) 在没有跳跃连接时需要三个。权重是写出来的而非训练出来的，误差恰好为 0。',
  },
  gates: {
    title: 'AND、OR 与 XOR 门',
    text: 'AND = relu(a + b − 1)；OR = relu(a + b) − relu(a + b − 1)；XOR = relu(a + b) − 2·relu(a + b − 1)。每个门一到两个单元，四个输入上全部精确，因此 MLP 能计算任何布尔电路。',
  },
  telgarsky: {
    title: '深度胜过宽度：锯齿函数',
    text: '将帐篷映射复合 d 次，每层只用 2 个单元（共 2d 个）就得到 2^d 段线性函数。单隐藏层要表示同一函数需要 2^d 个单元：深度线性增长，宽度却指数增长。',
  },
  hinges: {
    title: '折线逼近 x²',
    text: 'k 个 ReLU 折点在 [−1, 1] 上以 k + 1 个节点插值 x²；最大误差为 h²·max|f″|/8 = 1/k²。单元数加倍，误差变为四分之一。',
  },
  bumps: {
    title: '凸起函数记住数据点',
    text: '三个 ReLU 单元构成一个在某点高度为 1、在相邻点处为 0 的帐篷。每个点一个帐篷，按标签缩放，即可精确拟合任意有限点集。',
  },
  spectral: {
    title: '频谱偏置：先学低频',
    text: '拟合若干正弦之和时，ReLU 网络先消除误差中的低频成分，高频要晚得多。当前运行已设为 sin(x) + sin(6x)：平滑部分远早于细小波动出现。',
  },
};

export const TOURS = Object.fromEntries(
  TOUR_IDS.map((id) => [
    id,
    {
      title: { en: EN[id].title, zh: ZH[id].title },
      text: { en: EN[id].text, zh: ZH[id].text },
      preset: PRESETS[id],
    },
  ]),
) as Record<TourId, Tour>;
