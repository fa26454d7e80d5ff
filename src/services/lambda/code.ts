import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionRecord } from './store.js';
import type { FunctionCode, LocalHandler } from './types.js';
import { invalidParameter } from './functions.js';
import type { CodeFacts } from './functions.js';
import { unzipTo } from './zip.js';

/**
 * Where a function's code is and what runs it: code packages are unpacked
 * once per content hash under the code root; at invocation the function's
 * Handler (and Runtime) pick what runs — see the port's doc for the rules.
 */

/** Finds the local file of an `s3://` object (the S3 service's `localPath`). */
export interface ObjectFiles {
  localPath(bucket: string, key?: string): string;
}

/** Unpacked code and its facts. */
export interface PlacedCode extends CodeFacts {
  codeDir?: string;
  imageUri?: string;
}

function unpack(zip: Buffer, codeRoot: string, name: string): PlacedCode {
  const digest = createHash('sha256').update(zip);
  const hex = digest.copy().digest('hex');
  const folder = join(codeRoot, name, hex.slice(0, 16));
  if (!existsSync(folder)) unzipTo(zip, folder);
  return { sha: digest.digest('base64'), size: zip.length, image: false, codeDir: folder };
}

function fromS3(
  code: FunctionCode,
  objects: ObjectFiles | undefined,
  codeRoot: string,
  name: string,
): PlacedCode {
  if (!objects) {
    throw invalidParameter(
      `Code.S3Bucket needs the object store: create the Lambda service with the S3 service as its objects option`,
    );
  }
  const path = objects.localPath(code.S3Bucket ?? '', code.S3Key ?? '');
  if (!existsSync(path)) {
    throw invalidParameter(
      `Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (s3://${code.S3Bucket}/${code.S3Key}): upload the code package there first`,
    );
  }
  if (statSync(path).isDirectory()) {
    // A folder of code (a local convenience): used in place.
    const sha = createHash('sha256')
      .update(`${path}:${statSync(path).mtimeMs}`)
      .digest('base64');
    return { sha, size: 0, image: false, codeDir: path };
  }
  return unpack(readFileSync(path), codeRoot, name);
}

/** Places a function's code: unpacks a zip, finds an S3 object's file, or notes the image. */
export function placeCode(
  code: FunctionCode | undefined,
  objects: ObjectFiles | undefined,
  codeRoot: string,
  name: string,
): PlacedCode {
  if (code?.ZipFile !== undefined) {
    const zip =
      typeof code.ZipFile === 'string'
        ? Buffer.from(code.ZipFile, 'base64')
        : Buffer.from(code.ZipFile);
    return unpack(zip, codeRoot, name);
  }
  if (code?.S3Bucket !== undefined) return fromS3(code, objects, codeRoot, name);
  if (code?.ImageUri !== undefined) {
    const sha = createHash('sha256').update(code.ImageUri).digest('base64');
    return { sha, size: 0, image: true, imageUri: code.ImageUri };
  }
  return { sha: createHash('sha256').update('').digest('base64'), size: 0, image: false };
}

/** What runs an invocation. */
export type Backing =
  | { kind: 'local'; handler: LocalHandler }
  | { kind: 'node'; moduleUrl: string; exportName: string; dir: string | undefined }
  | { kind: 'python'; dir: string; module: string; fn: string }
  | { kind: 'command'; command: string[]; dir: string | undefined }
  | { kind: 'image'; uri: string; command: string[] }
  | { kind: 'fail'; errorType: string; errorMessage: string };

function commandWords(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/).filter((w) => w !== '');
}

function moduleBacking(path: string, exportName: string, dir: string | undefined): Backing {
  if (!existsSync(path)) {
    return {
      kind: 'fail',
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Error: Cannot find module '${path}': put the handler's module there or fix the function's Handler`,
    };
  }
  if (extname(path) === '.py') {
    return { kind: 'python', dir: dirname(path), module: basename(path, '.py'), fn: exportName };
  }
  return { kind: 'node', moduleUrl: pathToFileURL(path).href, exportName, dir };
}

const NODE_FILES = ['.js', '.mjs', '.cjs', '.ts'];

function awsStyle(record: FunctionRecord, handler: string, root: string): Backing {
  const runtime = record.configuration.Runtime ?? 'nodejs20.x';
  const dot = handler.lastIndexOf('.');
  const file = dot > 0 ? handler.slice(0, dot) : handler;
  const exportName = dot > 0 ? handler.slice(dot + 1) : 'handler';
  if (runtime.startsWith('python')) {
    return { kind: 'python', dir: root, module: file, fn: exportName };
  }
  if (!runtime.startsWith('nodejs')) {
    return {
      kind: 'fail',
      errorType: 'Runtime.Unsupported',
      errorMessage: `modelmill runs Node.js and Python functions, commands and images locally; runtime ${runtime} is not one of them: give Handler 'command:<words>' or an image`,
    };
  }
  const found = NODE_FILES.map((ext) => join(root, file + ext)).find((p) => existsSync(p));
  return moduleBacking(found ?? join(root, file), exportName, root);
}

/** What runs the function of `record` (an in-process handler first). */
export function backingOf(
  record: FunctionRecord,
  local: LocalHandler | undefined,
  scriptRoot: string,
): Backing {
  if (local) return { kind: 'local', handler: local };
  const handler = record.configuration.Handler ?? '';
  const root = record.codeDir ?? scriptRoot;
  if (handler.startsWith('command:')) {
    return { kind: 'command', command: commandWords(handler.slice(8)), dir: record.codeDir };
  }
  if (record.imageUri !== undefined) {
    const config = record.imageConfig ?? {};
    return {
      kind: 'image',
      uri: record.imageUri,
      command: [...(config.EntryPoint ?? []), ...(config.Command ?? [])],
    };
  }
  const hash = handler.lastIndexOf('#');
  if (hash > 0) {
    const target = handler.slice(0, hash);
    const path = target.startsWith('file:')
      ? fileURLToPath(target)
      : isAbsolute(target)
        ? target
        : resolve(root, target);
    return moduleBacking(path, handler.slice(hash + 1) || 'handler', record.codeDir);
  }
  return awsStyle(record, handler, root);
}
