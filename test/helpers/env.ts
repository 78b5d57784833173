/** Runs fn with an environment variable set (or unset when value is undefined), restoring it afterwards. */
export function withEnv<T>(name: string, value: string | undefined, fn: () => T): T {
  const before = process.env[name];
  setEnv(name, value);
  try {
    return fn();
  } finally {
    setEnv(name, before);
  }
}

/** Deleting is the only way to unset: assigning undefined would store the string 'undefined'. */
function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
