import { ModelmillError } from '../../core/index.js';

/**
 * DynamoDB numbers: decimal strings of up to 38 significant digits with a
 * magnitude between 1E-130 and 9.99...E+125, kept exactly (never as a float),
 * normalised as DynamoDB returns them (plain notation, no leading or trailing
 * zeros, `-0` is `0`).
 */

/** A parsed number: `0.<digits> × 10^exponent`, negated when `negative`. Zero has no digits. */
export interface Decimal {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; '' for zero. */
  digits: string;
  exponent: number;
}

const MAX_DIGITS = 38;
/** 9.99..E+125 is 0.999.. × 10^126. */
const MAX_EXPONENT = 126;
/** 1E-130 is 0.1 × 10^-129. */
const MIN_EXPONENT = -129;
const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function invalid(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/**
 * Parses a DynamoDB number; throws ValidationException with DynamoDB's
 * message (and `where`, when given) for text that is not a number, has more
 * than 38 significant digits, or is out of range.
 */
export function parseNumber(text: string, where?: string): Decimal {
  const suffix = where === undefined ? '' : ` (${where})`;
  const match = NUMBER_PATTERN.exec(text);
  const intText = match?.[2] ?? '';
  const fracText = match?.[3] ?? '';
  if (!match || (intText === '' && fracText === '')) {
    throw invalid(`A value provided cannot be converted into a number: '${text}'${suffix}`);
  }
  const all = intText + fracText;
  const lead = /^0*/.exec(all)?.[0].length ?? 0;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  const exponentText = match[4];
  const shift = exponentText === undefined ? 0 : Number(exponentText);
  const exponent = intText.length + shift - lead;
  const decimal = { negative: match[1] === '-', digits, exponent };
  checkRange(decimal, suffix);
  return decimal;
}

function checkRange(decimal: Decimal, suffix: string): void {
  if (decimal.digits.length > MAX_DIGITS) {
    throw invalid(`Attempting to store more than 38 significant digits in a Number${suffix}`);
  }
  if (decimal.exponent > MAX_EXPONENT) {
    throw invalid(
      `Number overflow. Attempting to store a number with magnitude larger than supported range${suffix}`,
    );
  }
  if (decimal.exponent < MIN_EXPONENT) {
    throw invalid(
      `Number underflow. Attempting to store a number with magnitude smaller than supported range${suffix}`,
    );
  }
}

/** Formats a number in DynamoDB's canonical plain notation (`150`, `0.0015`, `-3.14`). */
export function formatNumber(decimal: Decimal): string {
  const { digits, exponent } = decimal;
  if (digits === '') return '0';
  let body: string;
  if (exponent >= digits.length) body = digits + '0'.repeat(exponent - digits.length);
  else if (exponent <= 0) body = `0.${'0'.repeat(-exponent)}${digits}`;
  else body = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  return decimal.negative ? `-${body}` : body;
}

/** Validates and normalises a number string (`'1.50E2'` → `'150'`). */
export function normalizeNumber(text: string, where?: string): string {
  return formatNumber(parseNumber(text, where));
}

function sign(decimal: Decimal): number {
  if (decimal.digits === '') return 0;
  return decimal.negative ? -1 : 1;
}

/** Compares two numbers by value: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let magnitude: number;
  if (a.exponent !== b.exponent) magnitude = a.exponent < b.exponent ? -1 : 1;
  else magnitude = a.digits === b.digits ? 0 : a.digits < b.digits ? -1 : 1;
  return sa * magnitude;
}

/** Compares two (valid) number strings by value. */
export function compareNumbers(a: string, b: string): number {
  return compareDecimals(parseNumber(a), parseNumber(b));
}

function toScaled(decimal: Decimal, scale: number): bigint {
  if (decimal.digits === '') return 0n;
  const unit = decimal.exponent - decimal.digits.length;
  const value = BigInt(decimal.digits) * 10n ** BigInt(unit - scale);
  return decimal.negative ? -value : value;
}

/**
 * Adds two numbers exactly (`subtract` negates the second). The result must
 * still be a valid DynamoDB number: more than 38 digits or out of range is a
 * ValidationException, as in DynamoDB's update arithmetic.
 */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = parseNumber(a);
  const y = parseNumber(b);
  const scale = Math.min(x.exponent - x.digits.length, y.exponent - y.digits.length);
  const sum = toScaled(x, scale) + (subtract ? -toScaled(y, scale) : toScaled(y, scale));
  if (sum === 0n) return '0';
  const text = (sum < 0n ? -sum : sum).toString();
  const digits = text.replace(/0+$/, '');
  const result = { negative: sum < 0n, digits, exponent: text.length + scale };
  checkRange(result, '');
  return formatNumber(result);
}

/**
 * The bytes a (canonical) number counts toward an item's size: 1, plus one per
 * two significant digits on each side of the decimal point, plus 1 when
 * negative — as measured against DynamoDB's 400 KB limit.
 */
export function numberByteSize(canonical: string): number {
  if (canonical === '0') return 1;
  const negative = canonical.startsWith('-');
  const body = negative ? canonical.slice(1) : canonical;
  const point = body.indexOf('.');
  const intPart = point < 0 ? body : body.slice(0, point);
  const fracPart = point < 0 ? '' : body.slice(point + 1);
  const intDigits = intPart === '0' ? '' : intPart;
  const intSignificant = fracPart === '' ? intDigits.replace(/0+$/, '').length : intDigits.length;
  const fracSignificant = intDigits === '' ? fracPart.replace(/^0+/, '').length : fracPart.length;
  return 1 + Math.ceil(intSignificant / 2) + Math.ceil(fracSignificant / 2) + (negative ? 1 : 0);
}

/**
 * An order-preserving byte encoding of a number: byte-wise comparison of two
 * encodings (SQLite's BLOB order) is numeric comparison of the numbers.
 * Layout: a class byte (1 negative, 2 zero, 3 positive), the exponent byte
 * (inverted for negatives), then the digits (inverted and terminated by 0xFF
 * for negatives, so that a longer negative sorts before its prefix).
 */
export function encodeNumberKey(decimal: Decimal): Buffer {
  if (decimal.digits === '') return Buffer.from([2]);
  const length = decimal.digits.length;
  const out = Buffer.alloc(decimal.negative ? length + 3 : length + 2);
  const exponentByte = decimal.exponent - MIN_EXPONENT;
  out[0] = decimal.negative ? 1 : 3;
  out[1] = decimal.negative ? 255 - exponentByte : exponentByte;
  for (let i = 0; i < length; i += 1) {
    const digit = decimal.digits.charCodeAt(i) - 48;
    out[i + 2] = decimal.negative ? 0x39 - digit : 0x30 + digit;
  }
  if (decimal.negative) out[length + 2] = 0xff;
  return out;
}
