import { describe, expect, it } from 'vitest';
import { compileSchedule } from './schedule-expression.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function firings(expression: string, from: string, count: number, anchor = at(from)): string[] {
  const schedule = compileSchedule(expression);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i += 1) {
    const next = schedule.next(t, anchor);
    if (next === undefined) break;
    out.push(iso(next)!);
    t = next;
  }
  return out;
}

describe('rate expressions', () => {
  it('count from the anchor', () => {
    expect(
      firings('rate(5 minutes)', '2024-01-01T00:02:00Z', 3, at('2024-01-01T00:00:00Z')),
    ).toEqual(['2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z', '2024-01-01T00:15:00.000Z']);
    expect(firings('rate(1 day)', '2024-01-01T10:00:00Z', 1)).toEqual(['2024-01-02T10:00:00.000Z']);
    expect(firings('rate(2 hours)', '2024-01-01T10:00:00Z', 1)).toEqual([
      '2024-01-01T12:00:00.000Z',
    ]);
  });

  it.each([
    'rate(0 minutes)',
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(5 weeks)',
    'rate(five minutes)',
    'every 5 minutes',
  ])('rejects %s', (expression) => {
    expect(() => compileSchedule(expression)).toThrow(/Parameter ScheduleExpression is not valid/);
  });
});

describe('cron expressions (UTC, 1 = SUN)', () => {
  it('daily at noon', () => {
    expect(firings('cron(0 12 * * ? *)', '2024-01-01T12:00:00Z', 2)).toEqual([
      '2024-01-02T12:00:00.000Z',
      '2024-01-03T12:00:00.000Z',
    ]);
  });

  it('every 15 minutes on weekdays from 8 to 9', () => {
    expect(firings('cron(0/15 8-9 ? * MON-FRI *)', '2024-01-05T09:40:00Z', 3)).toEqual([
      '2024-01-05T09:45:00.000Z',
      '2024-01-08T08:00:00.000Z',
      '2024-01-08T08:15:00.000Z',
    ]);
  });

  it('last day of the month, and the nearest weekday', () => {
    expect(firings('cron(0 0 L * ? *)', '2024-01-15T00:00:00Z', 3)).toEqual([
      '2024-01-31T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
    ]);
    // 2024-06-15 is a Saturday: the nearest weekday is Friday the 14th; 2024-09-15 is a Sunday: Monday the 16th.
    expect(firings('cron(0 6 15W 6,9 ? 2024)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-06-14T06:00:00.000Z',
      '2024-09-16T06:00:00.000Z',
    ]);
  });

  it('the n-th and the last weekday of the month', () => {
    expect(firings('cron(30 10 ? * 3#2 *)', '2024-01-01T00:00:00Z', 2)).toEqual([
      '2024-01-09T10:30:00.000Z',
      '2024-02-13T10:30:00.000Z',
    ]);
    expect(firings('cron(0 18 ? * 6L *)', '2024-01-01T00:00:00Z', 2)).toEqual([
      '2024-01-26T18:00:00.000Z',
      '2024-02-23T18:00:00.000Z',
    ]);
  });

  it('month names and year limits, ending when the years run out', () => {
    expect(firings('cron(0 0 1 JAN,JUL ? 2025-2026)', '2024-06-01T00:00:00Z', 5)).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2025-07-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ]);
  });

  it.each([
    ['cron(0 12 * * * *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 12 ? * ? *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 12 * *)', 'cron takes 6 fields, found 4'],
    ['cron(60 12 * * ? *)', "minutes value '60' is not in 0-59"],
    ['cron(0 12 ? * FUNDAY *)', "day-of-week value 'FUNDAY' is not in 1-7 or SUN-SAT"],
    ['cron(0 12 ? * 2#6 *)', 'the week must be 1-5'],
    ['cron(0 12 * * ? 1969)', "year value '1969' is not in 1970-2199"],
  ])('rejects %s', (expression, why) => {
    expect(() => compileSchedule(expression)).toThrow(why);
  });
});
