import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { Header, Parser } from 'tar';
import type { ReadEntry } from 'tar';
import { ModelmillError } from '../../../core/index.js';

/**
 * `model.tar.gz` as the DAPM training job writes it and the inference job
 * reads it: a gzip'd tar of `model.json` (the `src/ml` model document) and
 * `metadata.json`. Packing builds the archive in memory with the `tar`
 * package's header encoder (no temporary files: a training run writes
 * thousands of these), gzip at its fastest level; unpacking uses its parser.
 */

const BLOCK = 512;

/** One file of an archive. */
export interface ArchiveFile {
  name: string;
  data: Uint8Array | string;
}

/** A `.tar.gz` holding `files` (regular files, mode 0644, at `mtime`). */
export function packArchive(files: readonly ArchiveFile[], mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data);
    const header = new Header({
      path: file.name,
      mode: 0o644,
      size: data.length,
      mtime,
      type: 'File',
      uid: 0,
      gid: 0,
    });
    const block = Buffer.alloc(BLOCK);
    if (header.encode(block, 0)) {
      throw new ModelmillError(
        'InvalidArchive',
        `archive member name '${file.name}' is too long for a plain tar header; use a name under 100 characters`,
      );
    }
    parts.push(block, data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts), { level: zlib.Z_BEST_SPEED });
}

/** The regular files of a `.tar.gz` (or plain `.tar`), by name (`./` prefixes dropped). */
export async function unpackArchive(
  archive: Uint8Array,
  where: string,
): Promise<Map<string, Buffer>> {
  const bytes = Buffer.from(archive);
  let tarBytes: Buffer;
  try {
    tarBytes = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  } catch (err) {
    throw new ModelmillError(
      'InvalidArchive',
      `${where} is not a readable .tar.gz (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if (entry.type === 'File')
            files.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks));
        });
      },
    });
    parser.on('error', (err: Error) =>
      reject(
        new ModelmillError(
          'InvalidArchive',
          `${where} is not a readable tar archive (${err.message})`,
          { cause: err },
        ),
      ),
    );
    parser.on('end', () => resolve());
    parser.end(tarBytes);
  });
  return files;
}
