/**
 * An API whose calls run one after another in the order they arrive, each
 * once the one before has settled. The training worker's configure awaits the
 * expression parser's first load; without this, calls the page sent after it
 * (a retune, a view) would run in that gap against the previous run.
 */
type Method = (...args: never[]) => unknown;

export type InOrder<T extends Record<string, Method>> = {
  [K in keyof T]: (...args: Parameters<T[K]>) => Promise<Awaited<ReturnType<T[K]>>>;
};

export function inOrder<T extends Record<string, Method>>(api: T): InOrder<T> {
  let previous: Promise<unknown> = Promise.resolve();
  const ordered: Partial<Record<keyof T, Method>> = {};
  for (const name of Object.keys(api) as (keyof T)[]) {
    const method = api[name];
    ordered[name] = (...args) => {
      const result = previous.then(() => method.apply(api, args));
      // A failed call is the caller's to see; the next call still runs.
      previous = result.catch(() => undefined);
      return result;
    };
  }
  return ordered as InOrder<T>;
}
