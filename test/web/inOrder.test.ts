/** The worker's call order: a call never overtakes an earlier one that is still waiting, and a failure does not stop the next. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inOrder } from '../../web/src/inOrder.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder', () => {
  it('runs a call only after the earlier ones have settled, passing results and failures through', async () => {
    const log: string[] = [];
    const api = inOrder({
      async slow(name: string) {
        log.push(`${name} starts`);
        await tick(20);
        log.push(`${name} ends`);
        return name.length;
      },
      now(name: string) {
        log.push(name);
        return name.toUpperCase();
      },
      fail(why: string): never {
        log.push('fail');
        throw new Error(why);
      },
    });
    const calls = [api.slow('configure'), api.now('view'), api.fail('no run'), api.now('retune')];
    const [configured, viewed, failed, retuned] = await Promise.allSettled(calls);
    assert.deepEqual(log, ['configure starts', 'configure ends', 'view', 'fail', 'retune']);
    assert.deepEqual(configured, { status: 'fulfilled', value: 9 });
    assert.deepEqual(viewed, { status: 'fulfilled', value: 'VIEW' });
    assert.equal(failed.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /no run/);
    assert.deepEqual(retuned, { status: 'fulfilled', value: 'RETUNE' });
  });
});
