import { ModelmillError } from '../../core/index.js';
import type { ApiModule, ApiRequest, RawResponse, RestRoute } from '../../server/index.js';
import {
  copyResultXml,
  decodeAwsChunked,
  deleteResultXml,
  listBucketsXml,
  listObjectsV1Xml,
  listObjectsV2Xml,
  locationXml,
  parseDeleteXml,
} from './api-xml.js';
import type { ObjectDescription, ObjectStore } from './types.js';

/**
 * S3's REST protocol, path-style (`http://host/<bucket>/<key>`), for the
 * operations of the port, so `@aws-sdk/client-s3` with `forcePathStyle: true`
 * and `aws s3 ... --endpoint-url` work against modelmill. Errors are written
 * as S3's XML `<Error>` documents by the server (`restErrors: 's3-xml'`).
 */

/** Options of the S3 API. */
export interface S3ApiOptions {
  /** Owner ID in ListBuckets. Default: the 64-hex-digit id of the local account. */
  ownerId?: string;
}

/** Sub-resources modelmill does not serve, answered with NotImplemented rather than a wrong answer. */
const UNSUPPORTED = [
  'acl',
  'policy',
  'tagging',
  'versioning',
  'versions',
  'uploads',
  'uploadId',
  'lifecycle',
  'cors',
  'notification',
  'website',
  'encryption',
  'retention',
  'legal-hold',
  'attributes',
  'object-lock',
  'replication',
  'logging',
  'accelerate',
  'requestPayment',
  'ownershipControls',
  'publicAccessBlock',
  'analytics',
  'metrics',
  'inventory',
  'intelligent-tiering',
  'select',
  'restore',
  'torrent',
];

type Route = (
  method: string,
  path: string,
  handler: (request: ApiRequest) => Promise<RawResponse>,
) => RestRoute;

/** The S3 REST routes. */
export function s3Api(s3: ObjectStore, options: S3ApiOptions = {}): ApiModule {
  const ownerId = options.ownerId ?? '0'.repeat(64);
  const route: Route = (method, path, handler) => ({
    method,
    path,
    handler: async (_input: unknown, request: ApiRequest) => {
      refuseUnsupported(request);
      return handler(request);
    },
  });
  return {
    signingName: 's3',
    restErrors: 's3-xml',
    rest: [...bucketRoutes(s3, route, ownerId), ...objectRoutes(s3, route)],
  };
}

function bucketRoutes(s3: ObjectStore, route: Route, ownerId: string): RestRoute[] {
  return [
    route('GET', '/', async () => xml(listBucketsXml((await s3.listBuckets()).Buckets, ownerId))),
    route('PUT', '/{Bucket}', async (r) => {
      const out = await s3.createBucket({ Bucket: bucketOf(r) });
      return { raw: true, status: 200, headers: { location: out.Location } };
    }),
    route('DELETE', '/{Bucket}', async (r) => {
      await s3.deleteBucket({ Bucket: bucketOf(r) });
      return { raw: true, status: 204 };
    }),
    route('HEAD', '/{Bucket}', async (r) => {
      const out = await s3.headBucket({ Bucket: bucketOf(r) });
      return { raw: true, status: 200, headers: { 'x-amz-bucket-region': out.BucketRegion } };
    }),
    route('GET', '/{Bucket}', async (r) => listOrLocate(s3, r)),
    route('POST', '/{Bucket}', async (r) => {
      if (!('delete' in r.query)) throw notImplemented(r);
      const { Objects, Quiet } = parseDeleteXml(r.body.toString('utf8'));
      return xml(
        deleteResultXml(
          await s3.deleteObjects({ Bucket: bucketOf(r), Delete: { Objects, Quiet } }),
        ),
      );
    }),
  ];
}

function objectRoutes(s3: ObjectStore, route: Route): RestRoute[] {
  return [
    route('PUT', '/{Bucket}/{Key+}', async (r) =>
      r.headers['x-amz-copy-source'] ? copy(s3, r) : put(s3, r),
    ),
    route('GET', '/{Bucket}/{Key+}', async (r) => get(s3, r, false)),
    route('HEAD', '/{Bucket}/{Key+}', async (r) => get(s3, r, true)),
    route('DELETE', '/{Bucket}/{Key+}', async (r) => {
      await s3.deleteObject({ Bucket: bucketOf(r), Key: keyOf(r) });
      return { raw: true, status: 204 };
    }),
  ];
}

function bucketOf(request: ApiRequest): string {
  return request.params.Bucket ?? '';
}

function keyOf(request: ApiRequest): string {
  return request.params.Key ?? '';
}

function xml(body: string): RawResponse {
  return { raw: true, status: 200, headers: { 'content-type': 'application/xml' }, body };
}

function notImplemented(request: ApiRequest): ModelmillError {
  const what =
    Object.keys(request.query)
      .filter((k) => k !== 'x-id')
      .join(', ') || request.method;
  return new ModelmillError(
    'NotImplemented',
    `A header or query you provided implies functionality that is not implemented: modelmill's S3 does not serve ${request.method} ${request.path}?${what}`,
  );
}

function refuseUnsupported(request: ApiRequest): void {
  if (UNSUPPORTED.some((name) => name in request.query)) throw notImplemented(request);
}

async function listOrLocate(s3: ObjectStore, request: ApiRequest): Promise<RawResponse> {
  const q = request.query;
  const Bucket = bucketOf(request);
  if ('location' in q) return xml(locationXml((await s3.headBucket({ Bucket })).BucketRegion));
  const urlEncoded = q['encoding-type'] === 'url';
  const encode = urlEncoded
    ? (text: string) => encodeURIComponent(text).replace(/%2F/g, '/')
    : (text: string) => text;
  const maxKeys = q['max-keys'] === undefined ? undefined : Number(q['max-keys']);
  const common = {
    Bucket,
    ...(q.prefix !== undefined ? { Prefix: q.prefix } : {}),
    ...(q.delimiter !== undefined ? { Delimiter: q.delimiter } : {}),
    ...(maxKeys !== undefined ? { MaxKeys: maxKeys } : {}),
  };
  if (q['list-type'] === '2') {
    const out = await s3.listObjectsV2({
      ...common,
      ...(q['continuation-token'] !== undefined
        ? { ContinuationToken: q['continuation-token'] }
        : {}),
      ...(q['start-after'] !== undefined ? { StartAfter: q['start-after'] } : {}),
    });
    return xml(listObjectsV2Xml(out, encode, urlEncoded));
  }
  const marker = q.marker ?? '';
  const out = await s3.listObjectsV2({
    ...common,
    ...(marker !== '' ? { StartAfter: marker } : {}),
  });
  return xml(listObjectsV1Xml(out, marker, encode, urlEncoded));
}

function uploadBody(request: ApiRequest): Buffer {
  const chunked =
    (request.headers['content-encoding'] ?? '').includes('aws-chunked') ||
    (request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  return chunked ? decodeAwsChunked(request.body) : request.body;
}

function metadataOf(request: ApiRequest): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined)
      metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  return metadata;
}

function headersOf(request: ApiRequest) {
  const h = request.headers;
  return {
    ...(h['content-type'] !== undefined ? { ContentType: h['content-type'] } : {}),
    ...(h['cache-control'] !== undefined ? { CacheControl: h['cache-control'] } : {}),
    ...(h['content-disposition'] !== undefined
      ? { ContentDisposition: h['content-disposition'] }
      : {}),
    ...(h['content-encoding'] !== undefined && h['content-encoding'] !== 'aws-chunked'
      ? { ContentEncoding: h['content-encoding'].replace(/,?\s*aws-chunked/, '') }
      : {}),
  };
}

async function put(s3: ObjectStore, request: ApiRequest): Promise<RawResponse> {
  const md5 = request.headers['content-md5'];
  const out = await s3.putObject({
    Bucket: bucketOf(request),
    Key: keyOf(request),
    Body: uploadBody(request),
    Metadata: metadataOf(request),
    ...headersOf(request),
    ...(md5 !== undefined ? { ContentMD5: md5 } : {}),
  });
  return { raw: true, status: 200, headers: { etag: out.ETag } };
}

async function copy(s3: ObjectStore, request: ApiRequest): Promise<RawResponse> {
  const directive = request.headers['x-amz-metadata-directive'];
  const out = await s3.copyObject({
    Bucket: bucketOf(request),
    Key: keyOf(request),
    CopySource: request.headers['x-amz-copy-source'] ?? '',
    ...(directive === 'REPLACE' || directive === 'COPY' ? { MetadataDirective: directive } : {}),
    Metadata: metadataOf(request),
    ...headersOf(request),
  });
  return xml(copyResultXml(out.CopyObjectResult.ETag, out.CopyObjectResult.LastModified));
}

async function get(s3: ObjectStore, request: ApiRequest, headOnly: boolean): Promise<RawResponse> {
  const input = {
    Bucket: bucketOf(request),
    Key: keyOf(request),
    ...(request.headers.range !== undefined ? { Range: request.headers.range } : {}),
  };
  if (headOnly) {
    const description = await s3.headObject(input);
    return {
      raw: true,
      status: description.ContentRange ? 206 : 200,
      headers: responseHeaders(description),
    };
  }
  const { Body, ...description } = await s3.getObject(input);
  return {
    raw: true,
    status: description.ContentRange ? 206 : 200,
    headers: responseHeaders(description),
    body: Buffer.from(Body.buffer, Body.byteOffset, Body.byteLength),
  };
}

function responseHeaders(d: ObjectDescription): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': d.ContentType,
    'content-length': String(d.ContentLength),
    etag: d.ETag,
    'last-modified': d.LastModified.toUTCString(),
    'accept-ranges': d.AcceptRanges,
  };
  if (d.ContentRange !== undefined) headers['content-range'] = d.ContentRange;
  if (d.ContentEncoding !== undefined) headers['content-encoding'] = d.ContentEncoding;
  if (d.ContentDisposition !== undefined) headers['content-disposition'] = d.ContentDisposition;
  if (d.CacheControl !== undefined) headers['cache-control'] = d.CacheControl;
  for (const [name, value] of Object.entries(d.Metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}
