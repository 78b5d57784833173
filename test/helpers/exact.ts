import assert from 'node:assert/strict';

/** Asserts the outputs equal the expected ones to the bit (===), naming the first that does not. */
export function assertExact(label: string, got: readonly number[], want: readonly number[]): void {
  assert.equal(got.length, want.length, `${label}: ${got.length} outputs, ${want.length} expected`);
  for (let i = 0; i < got.length; i++)
    assert.ok(got[i] === want[i], `${label} #${i}: got ${got[i]}, want ${want[i]}`);
}
