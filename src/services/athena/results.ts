import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { ModelmillError } from '../../core/index.js';

/**
 * Result files: Athena writes every query's result under the output location
 * (`<id>.csv` with a header row for SELECT, `<id>.txt` with one line per
 * row for SHOW / DESCRIBE), and GetQueryResults pages through that file.
 * Pages are read from the byte offset the NextToken carries, so paging a
 * large result reads each byte once and keeps nothing in memory.
 */

/** How a result file is laid out. */
export const ResultFormat = { Csv: 'csv', Text: 'txt' } as const;
/** A result file layout. */
export type ResultFormat = (typeof ResultFormat)[keyof typeof ResultFormat];

/** One page of rows; `null` is a NULL cell. */
export interface ResultPage {
  rows: (string | null)[][];
  /** Where the next page starts, or undefined at the end. */
  next?: string;
}

const FIRST_CHUNK = 256 * 1024;

/** Encodes a page position as an opaque token. */
function token(offset: number): string {
  return Buffer.from(`mm1:${offset}`).toString('base64url');
}

function offsetOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const match = /^mm1:(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) {
    throw new ModelmillError(
      'InvalidRequestException',
      'NextToken is not a token GetQueryResults returned; pass the previous page’s NextToken unchanged.',
    );
  }
  return Number(match[1]);
}

/** Reads up to `max` rows from `file` at the position `next` points to. */
export function readResultPage(
  file: string,
  format: ResultFormat,
  next: string | undefined,
  max: number,
): ResultPage {
  const size = statSync(file).size;
  let offset = offsetOf(next);
  if (offset > size) offset = size;
  let chunk = FIRST_CHUNK;
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const length = Math.min(chunk, size - offset);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, offset);
      const atEof = offset + length >= size;
      const parsed =
        format === ResultFormat.Csv ? parseCsv(buffer, max, atEof) : parseText(buffer, max, atEof);
      if (parsed.complete || atEof) {
        const end = offset + parsed.consumed;
        return end < size ? { rows: parsed.rows, next: token(end) } : { rows: parsed.rows };
      }
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

interface Parsed {
  rows: (string | null)[][];
  consumed: number;
  /** True when `max` rows were read (or the input ended cleanly). */
  complete: boolean;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NL = 0x0a;
const CR = 0x0d;

/** RFC 4180 rows; an empty unquoted field is NULL, `""` is the empty string. */
function parseCsv(buf: Buffer, max: number, atEof: boolean): Parsed {
  const rows: (string | null)[][] = [];
  let i = 0;
  while (rows.length < max && i < buf.length) {
    const row: (string | null)[] = [];
    let pos = i;
    let done = false;
    while (!done) {
      if (pos >= buf.length) {
        if (!atEof) return { rows, consumed: i, complete: false };
        row.push(null);
        break;
      }
      let value: string | null;
      if (buf[pos] === QUOTE) {
        let end = pos + 1;
        let text = '';
        let start = end;
        for (;;) {
          if (end >= buf.length) return { rows, consumed: i, complete: atEof };
          if (buf[end] === QUOTE) {
            text += buf.toString('utf8', start, end);
            if (buf[end + 1] === QUOTE) {
              text += '"';
              end += 2;
              start = end;
              continue;
            }
            if (end + 1 >= buf.length && !atEof) return { rows, consumed: i, complete: false };
            break;
          }
          end += 1;
        }
        value = text;
        pos = end + 1;
      } else {
        let end = pos;
        while (end < buf.length && buf[end] !== COMMA && buf[end] !== NL && buf[end] !== CR)
          end += 1;
        if (end >= buf.length && !atEof) return { rows, consumed: i, complete: false };
        value = end === pos ? null : buf.toString('utf8', pos, end);
        pos = end;
      }
      row.push(value);
      if (buf[pos] === COMMA) pos += 1;
      else {
        if (buf[pos] === CR) pos += 1;
        if (buf[pos] === NL) pos += 1;
        done = true;
      }
    }
    rows.push(row);
    i = pos;
  }
  return { rows, consumed: i, complete: true };
}

/** Lines of text, one single-cell row each (Athena's `.txt` results). */
function parseText(buf: Buffer, max: number, atEof: boolean): Parsed {
  const rows: (string | null)[][] = [];
  let i = 0;
  while (rows.length < max && i < buf.length) {
    const eol = buf.indexOf(NL, i);
    if (eol < 0 && !atEof) return { rows, consumed: i, complete: false };
    const end = eol < 0 ? buf.length : eol;
    const line = buf.toString('utf8', i, end);
    rows.push([line]);
    i = eol < 0 ? buf.length : eol + 1;
  }
  return { rows, consumed: i, complete: true };
}

/** Writes `lines` (the `.txt` results of SHOW / DESCRIBE / MSCK), atomically. */
export function writeTextResult(file: string, lines: readonly string[]): void {
  writeAtomically(file, lines.map((line) => `${line}\n`).join(''));
}

/** Writes `rows` as a CSV with every value quoted (Athena's result format), atomically. */
export function writeCsvResult(file: string, rows: readonly (readonly (string | null)[])[]): void {
  const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  writeAtomically(file, rows.map((r) => `${r.map(cell).join(',')}\n`).join(''));
}

/** A temporary name beside `file` that listings and readers skip. */
export function tempBeside(file: string): string {
  return `${dirname(file)}/.modelmill-tmp-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = tempBeside(file);
  writeFileSync(temp, text);
  renameSync(temp, file);
}
