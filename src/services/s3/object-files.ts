import { createHash, hash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { RESERVED_PREFIX } from './names.js';

/**
 * The file side of the object store: atomic writes (a temporary file in the
 * same folder, then a rename, so a crash never leaves half an object under the
 * key), reads with byte ranges, and MD5s of files other tools wrote.
 */

/** What identifies one version of a file. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ino: number;
}

let tmpCounter = 0;

/** A fresh temporary name beside `target`; hidden from listings by its reserved prefix. */
export function tempPathFor(target: string): string {
  tmpCounter += 1;
  return `${dirname(target)}/${RESERVED_PREFIX}tmp-${process.pid}-${tmpCounter}`;
}

/**
 * Writes `data` to `target` atomically. With `fsync`, the data and the folder
 * entry reach the disk before it returns (survives power loss); without, the
 * write survives a crash of the process, like the SQLite database's WAL mode.
 * Throws the raw fs error (ENOENT when the folder is missing, EISDIR when
 * `target` is a folder); the temporary file is removed on failure.
 */
export function writeFileAtomic(target: string, data: Uint8Array, fsync: boolean): FileStat {
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'w');
  let stat: FileStat;
  try {
    let offset = 0;
    while (offset < data.byteLength)
      offset += writeSync(fd, data, offset, data.byteLength - offset);
    if (fsync) fsyncSync(fd);
    stat = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkQuietly(temp);
    throw err;
  }
  closeSync(fd);
  renameInto(temp, target, fsync);
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/** Copies `source` to `target` atomically (same guarantees as writeFileAtomic). */
export function copyFileAtomic(source: string, target: string, fsync: boolean): FileStat {
  const temp = tempPathFor(target);
  try {
    copyFileSync(source, temp);
    if (fsync) syncPath(temp);
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  }
  const stat = statSync(temp);
  renameInto(temp, target, fsync);
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

function renameInto(temp: string, target: string, fsync: boolean): void {
  try {
    renameSync(temp, target);
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  }
  if (fsync) syncPath(dirname(target));
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's bytes (or a slice of them) and its identity, read through one descriptor. */
export interface FileRead {
  stat: FileStat;
  data: Buffer;
}

/**
 * Reads a whole file, or `[start, end]` (inclusive) of it once `pick` has seen
 * its size; `undefined` when there is no regular file at `path`.
 */
export function readFileWithStat(
  path: string,
  pick?: (size: number) => { start: number; end: number } | undefined,
): FileRead | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const range = pick?.(stat.size) ?? { start: 0, end: stat.size - 1 };
    const length = Math.max(0, range.end - range.start + 1);
    const data = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, data, done, length - done, range.start + done);
      if (n === 0) break;
      done += n;
    }
    return {
      stat: { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino },
      data: data.subarray(0, done),
    };
  } finally {
    closeSync(fd);
  }
}

/** The file's identity, `'dir'` for a folder, `undefined` when nothing is there. */
export function statPath(path: string): FileStat | 'dir' | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  if (stat.isDirectory()) return 'dir';
  if (!stat.isFile()) return undefined;
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/** MD5 hex of a file, read in 1 MiB chunks so large files do not fill memory. */
export function md5OfFile(path: string): string {
  const hash = createHash('md5');
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** MD5 hex of bytes. */
export function md5(data: Uint8Array): string {
  return hash('md5', data, 'hex');
}

/** Removes a file; false when it was not there. */
export function unlinkQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/**
 * Removes `dir` and its parents while they are empty, stopping at `stopAt`
 * (never removed) or at a folder `keep` says to keep (a folder marker).
 */
export function removeEmptyFolders(
  dir: string,
  stopAt: string,
  keep: (dir: string) => boolean,
): void {
  let current = dir;
  while (current.length > stopAt.length && current.startsWith(stopAt) && !keep(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/** True for ENOENT. */
export function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The errno code of a thrown fs error. */
export function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
