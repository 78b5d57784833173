/**
 * Classroom mode's field in the shared state: the hidden control groups are
 * checked against the known list, kept in one canonical order, and travel
 * through a link unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS, sanitize } from '../../web/src/settings.js';
import { decodeState, encodeState } from '../../web/src/share.js';

describe('classroom mode in the settings', () => {
  it('shows everything by default', () => {
    assert.deepEqual(DEFAULTS.hide, []);
    assert.deepEqual(sanitize({}).settings.hide, []);
  });

  it('keeps known groups once each, in the list order', () => {
    const { settings, ignored } = sanitize({ hide: ['tours', 'data', 'tours'] });
    assert.deepEqual(settings.hide, ['data', 'tours']);
    assert.deepEqual(ignored, []);
  });

  it('names and drops a list with an unknown group or of the wrong type', () => {
    for (const hide of [['data', 'everything'], 'data', [1]]) {
      const { settings, ignored } = sanitize({ hide });
      assert.deepEqual(settings.hide, []);
      assert.deepEqual(ignored, ['hide']);
    }
  });

  it('travels through a link', () => {
    const settings = { ...structuredClone(DEFAULTS), hide: ['network' as const, 'files' as const] };
    const decoded = decodeState(`#${encodeState({ settings, steps: 3 })}`);
    assert.deepEqual(decoded?.state.settings.hide, ['network', 'files']);
    assert.deepEqual(decoded?.ignored, []);
  });
});
