import { ModelmillError } from '../../core/index.js';
import { xmlEscape } from '../../server/index.js';
import type { BucketSummary, DeleteObjectsOutput, ListObjectsV2Output } from './types.js';

/**
 * The XML documents of S3's REST protocol: the bodies modelmill answers with,
 * the one request body it reads (DeleteObjects), and the `aws-chunked`
 * framing newer SDKs may wrap uploads in.
 */

/** S3's XML namespace. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function document(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`;
}

/** ListAllMyBucketsResult. */
export function listBucketsXml(buckets: BucketSummary[], ownerId: string): string {
  const items = buckets
    .map(
      (b) =>
        `<Bucket>${el('Name', b.Name)}${el('CreationDate', b.CreationDate.toISOString())}</Bucket>`,
    )
    .join('');
  return document(
    'ListAllMyBucketsResult',
    `<Owner>${el('ID', ownerId)}${el('DisplayName', 'modelmill')}</Owner><Buckets>${items}</Buckets>`,
  );
}

/** How keys are written in a listing: as they are, or URL-encoded (`encoding-type=url`). */
export type KeyEncoding = (text: string) => string;

/** ListBucketResult for ListObjectsV2. */
export function listObjectsV2Xml(
  out: ListObjectsV2Output,
  encode: KeyEncoding,
  urlEncoded: boolean,
): string {
  const contents = out.Contents.map(
    (o) =>
      `<Contents>${el('Key', encode(o.Key))}${el('LastModified', o.LastModified.toISOString())}${el('ETag', o.ETag)}${el('Size', o.Size)}${el('StorageClass', o.StorageClass)}</Contents>`,
  ).join('');
  const prefixes = out.CommonPrefixes.map(
    (p) => `<CommonPrefixes>${el('Prefix', encode(p.Prefix))}</CommonPrefixes>`,
  ).join('');
  const head =
    el('Name', out.Name) +
    el('Prefix', encode(out.Prefix)) +
    el('Delimiter', out.Delimiter === undefined ? undefined : encode(out.Delimiter)) +
    el('MaxKeys', out.MaxKeys) +
    el('KeyCount', out.KeyCount) +
    el('IsTruncated', out.IsTruncated) +
    el('EncodingType', urlEncoded ? 'url' : undefined) +
    el('ContinuationToken', out.ContinuationToken) +
    el('NextContinuationToken', out.NextContinuationToken) +
    el('StartAfter', out.StartAfter === undefined ? undefined : encode(out.StartAfter));
  return document('ListBucketResult', head + contents + prefixes);
}

/** ListBucketResult for the original ListObjects (marker paging). */
export function listObjectsV1Xml(
  out: ListObjectsV2Output,
  marker: string,
  encode: KeyEncoding,
  urlEncoded: boolean,
): string {
  const contents = out.Contents.map(
    (o) =>
      `<Contents>${el('Key', encode(o.Key))}${el('LastModified', o.LastModified.toISOString())}${el('ETag', o.ETag)}${el('Size', o.Size)}${el('StorageClass', o.StorageClass)}</Contents>`,
  ).join('');
  const prefixes = out.CommonPrefixes.map(
    (p) => `<CommonPrefixes>${el('Prefix', encode(p.Prefix))}</CommonPrefixes>`,
  ).join('');
  const last = [...out.Contents.map((o) => o.Key), ...out.CommonPrefixes.map((p) => p.Prefix)]
    .sort()
    .pop();
  const head =
    el('Name', out.Name) +
    el('Prefix', encode(out.Prefix)) +
    el('Marker', encode(marker)) +
    el('Delimiter', out.Delimiter === undefined ? undefined : encode(out.Delimiter)) +
    el('MaxKeys', out.MaxKeys) +
    el('IsTruncated', out.IsTruncated) +
    el('EncodingType', urlEncoded ? 'url' : undefined) +
    el('NextMarker', out.IsTruncated && last !== undefined ? encode(last) : undefined);
  return document('ListBucketResult', head + contents + prefixes);
}

/** DeleteResult. */
export function deleteResultXml(out: DeleteObjectsOutput): string {
  const deleted = out.Deleted.map((d) => `<Deleted>${el('Key', d.Key)}</Deleted>`).join('');
  const errors = out.Errors.map(
    (e) => `<Error>${el('Key', e.Key)}${el('Code', e.Code)}${el('Message', e.Message)}</Error>`,
  ).join('');
  return document('DeleteResult', deleted + errors);
}

/** CopyObjectResult. */
export function copyResultXml(etag: string, lastModified: Date): string {
  return document(
    'CopyObjectResult',
    el('LastModified', lastModified.toISOString()) + el('ETag', etag),
  );
}

/** LocationConstraint (empty for us-east-1, as S3 answers). */
export function locationXml(region: string): string {
  return document('LocationConstraint', region === 'us-east-1' ? '' : xmlEscape(region));
}

function xmlUnescape(text: string): string {
  return text.replace(/&(lt|gt|amp|apos|quot|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
    if (named[entity] !== undefined) return named[entity];
    const code = entity.startsWith('#x')
      ? parseInt(entity.slice(2), 16)
      : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** Reads a `<Delete>` request body: the keys and the Quiet flag. */
export function parseDeleteXml(body: string): { Objects: { Key: string }[]; Quiet: boolean } {
  if (!/<Delete[\s>]/.test(body)) {
    throw new ModelmillError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema: DeleteObjects needs a <Delete> document listing <Object><Key>...</Key></Object> entries',
    );
  }
  const objects = [...body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => ({
    Key: xmlUnescape(/<Key>([\s\S]*?)<\/Key>/.exec(m[1] ?? '')?.[1] ?? ''),
  }));
  return { Objects: objects, Quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(body) };
}

/**
 * Undoes `aws-chunked` framing (`<hex size>[;chunk-signature=...]\r\n<data>\r\n`
 * ... `0\r\n<trailers>\r\n\r\n`), which SDKs use for streamed uploads.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(
      body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '',
      16,
    );
    if (!Number.isFinite(size)) {
      throw new ModelmillError(
        'IncompleteBody',
        'The aws-chunked request body is malformed: a chunk size is not hexadecimal',
      );
    }
    if (size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
