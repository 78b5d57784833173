/**
 * Seeded 2-D classification sets. Every generator draws each class's points
 * from that class's own region, so classes are balanced to within one sample
 * whatever the seed, and the rows come in class order (splits shuffle them).
 */
import { type DType, zeros } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';

export interface GeneratorOptions {
  readonly n: number;
  readonly noise: number;
  readonly rng: Rng;
  readonly classes: number;
  readonly dtype: DType;
}

type PointSampler = (label: number, rng: Rng) => readonly [number, number];

export const FEATURE_NAMES_2D: readonly string[] = ['x1', 'x2'];

/** Label 1 where x1 and x2 have the same sign. */
export function xor(o: GeneratorOptions): Dataset {
  return build('xor', ['opposite signs', 'same sign'], o, (label, rng) => {
    const s1 = rng.uniform() < 0.5 ? -1 : 1;
    const s2 = label === 1 ? s1 : -s1;
    return [s1 * rng.uniform(), s2 * rng.uniform()];
  });
}

/** An outer ring of radius 1 around an inner ring of radius 0.5 (as sklearn's make_circles). */
export function circles(o: GeneratorOptions): Dataset {
  return build('circles', ['outer', 'inner'], o, (label, rng) => {
    const r = label === 0 ? 1 : 0.5;
    const t = 2 * Math.PI * rng.uniform();
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

/** Two interleaving half circles (as sklearn's make_moons). */
export function moons(o: GeneratorOptions): Dataset {
  return build('moons', ['upper', 'lower'], o, (label, rng) => {
    const t = Math.PI * rng.uniform();
    return label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}

const SPIRAL_TURNS = 1.25;

/** k interleaved spiral arms growing from the origin to radius 1. */
export function spirals(o: GeneratorOptions): Dataset {
  const k = o.classes;
  const names = Array.from({ length: k }, (_, c) => `arm ${c + 1}`);
  return build('spirals', names, o, (label, rng) => {
    const t = rng.uniform();
    const angle = (2 * Math.PI * label) / k + 2 * Math.PI * SPIRAL_TURNS * t;
    const r = 0.05 + 0.95 * t;
    return [r * Math.cos(angle), r * Math.sin(angle)];
  });
}

/** k Gaussian blobs centred on a circle of radius 2; noise is each blob's standard deviation. */
export function gaussians(o: GeneratorOptions): Dataset {
  const k = o.classes;
  const names = Array.from({ length: k }, (_, c) => `blob ${c + 1}`);
  return build('gaussians', names, o, (label) => {
    const angle = (2 * Math.PI * label) / k;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)];
  });
}

const BOARD_CELLS = 4;

/** A 4 × 4 board over [-1, 1]²; a cell's class is the parity of its row plus column. */
export function checkerboard(o: GeneratorOptions): Dataset {
  const cell = 2 / BOARD_CELLS;
  const perClass = (BOARD_CELLS * BOARD_CELLS) / 2;
  return build('checkerboard', ['white', 'black'], o, (label, rng) => {
    const k = rng.int(perClass);
    const row = Math.floor(k / (BOARD_CELLS / 2));
    const col = 2 * (k % (BOARD_CELLS / 2)) + ((row + label) % 2);
    return [-1 + cell * (col + rng.uniform()), -1 + cell * (row + rng.uniform())];
  });
}

function build(name: string, classes: readonly string[], o: GeneratorOptions, sample: PointSampler): Dataset {
  const { n, noise, rng } = o;
  const k = classes.length;
  const x = zeros(n, 2, o.dtype);
  const y = zeros(n, 1, o.dtype);
  for (let i = 0; i < n; i++) {
    const label = Math.floor((i * k) / n);
    const [a, b] = sample(label, rng);
    x.data[2 * i] = noise > 0 ? a + rng.normal(0, noise) : a;
    x.data[2 * i + 1] = noise > 0 ? b + rng.normal(0, noise) : b;
    y.data[i] = label;
  }
  return { x, y, task: k === 2 ? 'binary' : 'multiclass', classes, featureNames: FEATURE_NAMES_2D, name };
}
