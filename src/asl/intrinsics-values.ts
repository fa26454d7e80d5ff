/**
 * How Step Functions (a Java service) renders and computes values where the
 * result shows: `States.Format` prints values with Java's `toString`
 * (`{a=1, b=[x, y]}`, `1.0E7`), numbers round the way `Math.round` does, and a
 * seeded `States.MathRandom` follows `java.util.Random`. Randomness is a port.
 */
import { randomInt, randomUUID } from 'node:crypto';

/** The source of randomness for States.MathRandom and States.UUID. */
export interface Randomness {
  /** A float in [0, 1). */
  random(): number;
  /** A random (version 4) UUID. */
  uuid(): string;
}

/** Randomness from node:crypto (the default). */
export const cryptoRandomness: Randomness = {
  random: () => randomInt(0, 2 ** 47) / 2 ** 47,
  uuid: () => randomUUID(),
};

/** Java's `Double.toString` for a finite double, e.g. `1.1`, `1.0E7`, `1.5E-4`. */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(x);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A JSON number as Java prints it: integers plainly, other values as doubles. */
export function javaNumberToString(x: number): string {
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  return javaDoubleToString(x);
}

/** A JSON value as Java's `toString` prints it (maps as `{k=v, ...}`, lists as `[a, b]`). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumberToString(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${k}=${javaToString(v)}`).join(', ')}}`;
}

/** The Java class a JSON value becomes in Jayway (for its error messages). */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'java.lang.Double';
    return Math.abs(value) <= 2 ** 31 - 1 ? 'java.lang.Integer' : 'java.lang.Long';
  }
  return Array.isArray(value) ? 'java.util.ArrayList' : 'java.util.LinkedHashMap';
}

/** Java's `Math.round`: halves round up (towards positive infinity); never `-0`. */
export function javaRound(x: number): number {
  const r = Math.round(x);
  return r === 0 ? 0 : r;
}

const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

/** `java.util.Random`: the same sequence Java gives for the same seed. */
export class JavaRandom {
  private seed: bigint;

  constructor(seed: number | bigint) {
    this.seed = (BigInt.asIntN(64, BigInt(seed)) ^ MULTIPLIER) & MASK;
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + 0xbn) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** A value in [0, bound), as `Random.nextInt(bound)`; without `bound`, any 32-bit value as `Random.nextInt()`. */
  nextInt(bound?: number): number {
    if (bound === undefined) return this.next(32);
    if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 31 - 1) {
      throw new RangeError(`bound must be a positive 32-bit integer, got ${bound}`);
    }
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; u - (r = u % bound) + m > 2 ** 31 - 1; u = this.next(31));
    return r;
  }
}
