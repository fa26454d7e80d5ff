/**
 * Timestamps as the language defines them: RFC 3339 / ISO-8601 extended
 * offset date-times with an uppercase `T` and a `Z` or numeric offset, e.g.
 * `2016-03-14T01:59:00Z`. Seconds and fractions are optional as in Java's
 * ISO_OFFSET_DATE_TIME; fractions keep nanosecond precision.
 */

/** An instant with nanosecond precision. */
export interface Timestamp {
  /** Whole seconds since 1970-01-01T00:00:00Z (may be negative). */
  seconds: number;
  /** Nanoseconds within the second, 0 to 999,999,999. */
  nanos: number;
}

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a timestamp; `undefined` when the text is not one. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const [oh, om, os] = [Number(m[10]), Number(m[11]), Number(m[12] ?? 0)];
    if (oh > 18 || om > 59 || os > 59 || (oh === 18 && (om > 0 || os > 0))) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60 + os);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  return { seconds: utc.getTime() / 1000 - offset, nanos };
}

/** True when `value` is a string holding a valid timestamp. */
export function isTimestamp(value: unknown): boolean {
  return typeof value === 'string' && parseTimestamp(value) !== undefined;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** Milliseconds since the epoch (fractions below a millisecond dropped). */
export function timestampMillis(t: Timestamp): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}
