import type { NetworkFormula } from '../../src/analysis/formula.js';
import { parseTarget } from '../../src/data/expression.js';

/** Evaluates the printed rows one by one with the library's expression parser, each over the names defined before it. */
export async function evaluateText(f: NetworkFormula, x: readonly number[]): Promise<number[]> {
  const env = new Map<string, number>(f.inputs.map((name, i) => [name, x[i]]));
  for (const line of f.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf(' = ');
    const name = line.slice(0, eq);
    const target = await parseTarget(line.slice(eq + 3), [...env.keys()]);
    env.set(name, target.evaluate(...target.variables.map((v) => env.get(v) as number)));
  }
  return f.outputs.map((o) => env.get(o) as number);
}
