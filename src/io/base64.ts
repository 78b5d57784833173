/**
 * Weights ↔ base64 of their little-endian bytes, browser-safe (no Buffer,
 * no atob). Byte order is fixed by DataView, so a file written on any
 * machine reads the same bits on any other. Decoding is strict: the
 * standard alphabet only, length a multiple of 4, padding only at the end,
 * and unused trailing bits zero, so every valid string has one meaning.
 */
import type { DType, FloatArray } from '../tensor/matrix.js';
import { allocFloat } from '../tensor/matrix.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function bytesPerValue(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  if (n - i === 1) {
    const v = bytes[i] << 16;
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + '==';
  } else if (n - i === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes strict base64; throws an Error saying what is wrong (the caller adds where). */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0)
    throw new Error(`base64 length ${text.length} is not a multiple of 4 (truncated?)`);
  let pad = 0;
  if (text.length > 0 && text[text.length - 1] === '=') pad = text[text.length - 2] === '=' ? 2 : 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const sym = (k: number): number => {
    const c = text.charCodeAt(k);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) throw new Error(`invalid base64 character ${JSON.stringify(text[k])} at offset ${k}`);
    return v;
  };
  let o = 0;
  const full = text.length - (pad > 0 ? 4 : 0);
  for (let k = 0; k < full; k += 4) {
    const v = (sym(k) << 18) | (sym(k + 1) << 12) | (sym(k + 2) << 6) | sym(k + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad > 0) {
    const k = full;
    const a = sym(k);
    const b = sym(k + 1);
    if (pad === 2) {
      if (b & 15) throw new Error(`non-canonical base64 padding at offset ${k}`);
      out[o++] = (a << 2) | (b >> 4);
    } else {
      const c = sym(k + 2);
      if (c & 3) throw new Error(`non-canonical base64 padding at offset ${k}`);
      out[o++] = (a << 2) | (b >> 4);
      out[o++] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return out;
}

/** The little-endian bytes of a float array, as base64. */
export function floatsToBase64(values: FloatArray): string {
  const width = values instanceof Float64Array ? 8 : 4;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  if (width === 8) for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  else for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return encodeBase64(bytes);
}

/** Decodes base64 little-endian floats of the given dtype; throws when the byte count does not fit the dtype. */
export function base64ToFloats(text: string, dtype: DType): FloatArray {
  const bytes = decodeBase64(text);
  const width = bytesPerValue(dtype);
  if (bytes.length % width !== 0) {
    throw new Error(`${bytes.length} bytes is not a whole number of ${dtype} values (${width} bytes each)`);
  }
  const n = bytes.length / width;
  const out = allocFloat(dtype, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 8) for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  else for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
