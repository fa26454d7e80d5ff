import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { ModelmillError } from '../../core/index.js';

/**
 * Unpacking a function's zip archive (stored and deflated entries, as every
 * zip tool writes them for code packages), refusing entries that would land
 * outside the target folder.
 */

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function bad(message: string): ModelmillError {
  return new ModelmillError(
    'InvalidParameterValueException',
    `Could not unzip uploaded file. Please check your file, then try to upload again: ${message}`,
  );
}

function endOfDirectory(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i -= 1) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) return i;
  }
  throw bad('it is not a zip archive (no end-of-central-directory record)');
}

/** One file of an archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

function entryData(
  zip: Buffer,
  offset: number,
  method: number,
  size: number,
  name: string,
): Buffer {
  if (zip.readUInt32LE(offset) !== LOCAL_HEADER) throw bad(`entry ${name} has no local header`);
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  const raw = zip.subarray(start, start + size);
  if (method === 0) return Buffer.from(raw);
  if (method === 8) return inflateRawSync(raw);
  throw bad(`entry ${name} uses compression method ${method}; use stored or deflated entries`);
}

/** The files of a zip archive (folders left out). */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = endOfDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw bad('the central directory is damaged');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + skip;
    if (name.endsWith('/')) continue;
    entries.push({ name, data: entryData(zip, offset, method, compressed, name) });
  }
  return entries;
}

/** Unpacks `zip` into `folder`. */
export function unzipTo(zip: Buffer, folder: string): void {
  for (const entry of readZip(zip)) {
    const path = normalize(join(folder, entry.name));
    if (!path.startsWith(normalize(folder) + sep)) {
      throw bad(`entry ${entry.name} would be written outside the function's folder`);
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data, { mode: 0o755 });
  }
}

/** A zip archive of `files` (stored entries), e.g. a small code package for tests and tools. */
export function writeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(DIRECTORY_ENTRY, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
