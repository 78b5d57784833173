/**
 * The run in the URL: settings and step count as JSON, deflated with fflate
 * and base64url-encoded into the fragment (#s=…), so a link replays the same
 * run to the same step without a server ever seeing it.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { type Settings, sanitize } from './settings.js';

/** Above this many characters a link gets unwieldy; the page offers the file export instead. */
export const URL_LIMIT = 8192;

export interface SharedState {
  settings: Settings;
  steps: number;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new Error('the link holds characters that base64url does not use');
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

export function encodeState(state: SharedState): string {
  return `s=${toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 1, ...state })), { level: 9 }))}`;
}

/**
 * The state in a fragment, or null when there is none. A fragment that cannot
 * be read throws an Error whose message the page shows.
 */
export function decodeState(hash: string): { state: SharedState; ignored: string[] } | null {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith('s=')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(inflateSync(fromBase64Url(h.slice(2)))));
  } catch (e) {
    throw new Error(
      `the link's state cannot be read (${(e as Error).message}); the defaults are shown instead`,
    );
  }
  const { settings, ignored } = sanitize((parsed as { settings?: unknown } | null)?.settings);
  const raw = (parsed as { steps?: unknown }).steps;
  const steps = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 1e7 ? raw : 0;
  return { state: { settings, steps }, ignored };
}
