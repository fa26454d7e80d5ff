import { ModelmillError } from '../../core/index.js';

/**
 * Schedule expressions of scheduled rules: `rate(5 minutes)` and AWS's
 * six-field cron, `cron(Minutes Hours Day-of-month Month Day-of-week Year)`
 * in UTC, with `, - * / ?` everywhere they are allowed, `L` and `W` in the
 * day of month, and `L` and `#` in the day of week (1 = SUN ... 7 = SAT).
 */

/** A parsed schedule. */
export interface Schedule {
  readonly expression: string;
  /**
   * The first firing strictly after `after` (epoch ms), or undefined when
   * there is none. Rates count from `anchor` (when the rule was enabled).
   */
  next(after: number, anchor: number): number | undefined;
}

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = {
  minute: MINUTE,
  hour: 60 * MINUTE,
  day: 24 * 60 * MINUTE,
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function invalid(expression: string, why: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `Parameter ScheduleExpression is not valid: '${expression}' — ${why}. Use rate(<value> <minute|minutes|hour|hours|day|days>) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>).`,
  );
}

/** Parses a schedule expression; throws ValidationException naming what is wrong. */
export function compileSchedule(expression: string): Schedule {
  const rate = /^rate\((.*)\)$/.exec(expression.trim());
  if (rate) return compileRate(expression, rate[1]!.trim());
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return compileCron(expression, cron[1]!.trim());
  throw invalid(expression, 'it is neither rate(...) nor cron(...)');
}

function compileRate(expression: string, body: string): Schedule {
  const match = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!match) throw invalid(expression, `'${body}' is not '<positive integer> <unit>'`);
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value <= 0) throw invalid(expression, 'the value must be a positive integer');
  const singular = !unit.endsWith('s');
  if (value === 1 && !singular) throw invalid(expression, `a value of 1 takes the singular unit`);
  if (value > 1 && singular) throw invalid(expression, `a value above 1 takes the plural unit`);
  const period = value * UNIT_MS[singular ? unit : unit.slice(0, -1)]!;
  return {
    expression,
    next(after, anchor) {
      if (after < anchor) return anchor + period;
      return anchor + (Math.floor((after - anchor) / period) + 1) * period;
    },
  };
}

type DayTest = (year: number, month: number, day: number) => boolean;

interface CronFields {
  minutes: boolean[];
  hours: boolean[];
  months: boolean[];
  years: boolean[];
  day: DayTest;
}

function compileCron(expression: string, body: string): Schedule {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) throw invalid(expression, `cron takes 6 fields, found ${parts.length}`);
  const [min, hour, dom, month, dow, year] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dom === '?') === (dow === '?'))
    throw invalid(
      expression,
      'exactly one of day-of-month and day-of-week must be ?, the other a value or *',
    );
  const fields: CronFields = {
    minutes: numberSet(expression, 'minutes', min, 0, 59),
    hours: numberSet(expression, 'hours', hour, 0, 23),
    months: numberSet(expression, 'month', month, 1, 12, MONTHS),
    years: numberSet(expression, 'year', year, 1970, 2199),
    day: dom === '?' ? weekdayTest(expression, dow) : monthDayTest(expression, dom),
  };
  return { expression, next: (after) => nextCron(fields, after) };
}

/** A field of numbers: `*`, `a`, `a-b`, `*\/n`, `a/n`, `a-b/n`, comma lists; names allowed. */
function numberSet(
  expression: string,
  name: string,
  text: string,
  min: number,
  max: number,
  names: string[] = [],
): boolean[] {
  const set = new Array<boolean>(max + 1).fill(false);
  const parse = (token: string): number => {
    const index = names.indexOf(token.toUpperCase());
    const value = index >= 0 ? index + min : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!(value >= min && value <= max))
      throw invalid(
        expression,
        `${name} value '${token}' is not in ${min}-${max}${names.length > 0 ? ` or ${names[0]}-${names[names.length - 1]}` : ''}`,
      );
    return value;
  };
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0)
      throw invalid(expression, `${name} step '${stepText}' must be a positive integer`);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = parse(a);
      to = b === undefined ? (stepText === undefined ? from : max) : parse(b);
    }
    if (from > to) throw invalid(expression, `${name} range '${range}' runs backwards`);
    for (let v = from; v <= to; v += step) set[v] = true;
  }
  return set;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** Day of month: numbers and ranges, `L` (last day), `nW` (nearest weekday), `LW`. */
function monthDayTest(expression: string, text: string): DayTest {
  if (text === '*') return () => true;
  const tests: DayTest[] = [];
  for (const item of text.split(',')) {
    if (item === 'L') tests.push((y, m, d) => d === daysIn(y, m));
    else if (item === 'LW') tests.push((y, m, d) => d === nearestWeekday(y, m, daysIn(y, m)));
    else if (/^\d+W$/.test(item)) {
      const target = Number(item.slice(0, -1));
      if (target < 1 || target > 31)
        throw invalid(expression, `day-of-month '${item}' is not in 1-31`);
      tests.push((y, m, d) => d === nearestWeekday(y, m, Math.min(target, daysIn(y, m))));
    } else {
      const set = numberSet(expression, 'day-of-month', item, 1, 31);
      tests.push((_y, _m, d) => set[d] === true);
    }
  }
  return (y, m, d) => tests.some((t) => t(y, m, d));
}

function nearestWeekday(year: number, month: number, day: number): number {
  const w = weekday(year, month, day);
  if (w === 7) return day === 1 ? 3 : day - 1;
  if (w === 1) return day === daysIn(year, month) ? day - 2 : day + 1;
  return day;
}

/** Day of week: numbers and names (1 = SUN), `L` (SAT), `nL` (last n-day), `n#k` (k-th n-day). */
function weekdayTest(expression: string, text: string): DayTest {
  if (text === '*') return () => true;
  const tests: DayTest[] = [];
  const dayNumber = (token: string): number => {
    const named = DAYS.indexOf(token.toUpperCase());
    const value = named >= 0 ? named + 1 : /^\d$/.test(token) ? Number(token) : NaN;
    if (!(value >= 1 && value <= 7))
      throw invalid(expression, `day-of-week '${token}' is not in 1-7 or SUN-SAT`);
    return value;
  };
  for (const item of text.split(',')) {
    const last = /^(\w+)L$/.exec(item);
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (item === 'L') tests.push((y, m, d) => weekday(y, m, d) === 7);
    else if (last) {
      const wanted = dayNumber(last[1]!);
      tests.push((y, m, d) => weekday(y, m, d) === wanted && d + 7 > daysIn(y, m));
    } else if (nth) {
      const wanted = dayNumber(nth[1]!);
      const k = Number(nth[2]);
      if (k < 1 || k > 5) throw invalid(expression, `'${item}': the week must be 1-5`);
      tests.push((y, m, d) => weekday(y, m, d) === wanted && Math.ceil(d / 7) === k);
    } else {
      const set = numberSet(expression, 'day-of-week', item, 1, 7, DAYS);
      tests.push((y, m, d) => set[weekday(y, m, d)] === true);
    }
  }
  return (y, m, d) => tests.some((t) => t(y, m, d));
}

function first(set: boolean[], from: number): number | undefined {
  for (let v = from; v < set.length; v += 1) if (set[v]) return v;
  return undefined;
}

function nextCron(f: CronFields, after: number): number | undefined {
  // Walk day by day from the minute after `after`; within a day, the first
  // allowed hour and minute (from the start time on the first day only).
  const start = new Date(Math.floor(after / MINUTE) * MINUTE + MINUTE);
  let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  let fromHour = start.getUTCHours();
  let fromMinute = start.getUTCMinutes();
  for (;;) {
    const date = new Date(day);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const dom = date.getUTCDate();
    if (year > 2199) return undefined;
    if (!f.years[year]) {
      day = Date.UTC(year + 1, 0, 1);
    } else if (!f.months[month]) {
      day = Date.UTC(year, month, 1);
    } else {
      if (f.day(year, month, dom)) {
        for (let h = first(f.hours, fromHour); h !== undefined; h = first(f.hours, h + 1)) {
          const m = first(f.minutes, h === fromHour ? fromMinute : 0);
          if (m !== undefined) return Date.UTC(year, month - 1, dom, h, m);
        }
      }
      day += 24 * 60 * MINUTE;
    }
    fromHour = 0;
    fromMinute = 0;
  }
}
