import type { Clock } from '../../core/index.js';

/**
 * The HTTP metadata Step Functions adds to the output of optimised
 * request-response integrations (`SdkHttpMetadata`, `SdkResponseMetadata`):
 * the headers the service answered with, as the AWS SDK for Java shows them.
 */

/** The response an optimised integration describes. */
export interface HttpResponseOptions {
  /** The request id (`x-amzn-RequestId`, `SdkResponseMetadata.RequestId`). */
  requestId: string;
  /** Whose time goes in the `Date` header. */
  clock: Clock;
  /** The `Content-Type` header: `application/x-amz-json-1.1`, `text/xml`, ... */
  contentType: string;
  /** The body `Content-Length` counts. Default: the output as JSON. */
  body?: string;
  /** Whether the service answers `Connection: keep-alive` (the first header). Default: false. */
  keepAlive?: boolean;
  /** Further headers, in order, between `Date` and `x-amzn-RequestId`. Default: none. */
  headers?: Record<string, string>;
  /** The HTTP status. Default: 200. */
  status?: number;
}

/** The response headers, in the order the service sends them. */
export function responseHeaders(
  options: HttpResponseOptions & { body: string },
): Record<string, string> {
  return {
    ...(options.keepAlive ? { Connection: 'keep-alive' } : {}),
    'Content-Length': String(Buffer.byteLength(options.body, 'utf8')),
    'Content-Type': options.contentType,
    Date: new Date(options.clock.now()).toUTCString(),
    ...options.headers,
    'x-amzn-RequestId': options.requestId,
  };
}

/** `SdkHttpMetadata` and `SdkResponseMetadata` for a response with `headers`. */
export function sdkMetadata(
  headers: Record<string, string>,
  requestId: string,
  status = 200,
): { SdkHttpMetadata: Record<string, unknown>; SdkResponseMetadata: { RequestId: string } } {
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: status,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** `output` with the HTTP metadata of the response that carried it. */
export function withHttpMetadata(
  output: object,
  options: HttpResponseOptions,
): Record<string, unknown> {
  const body = options.body ?? JSON.stringify(output);
  return {
    ...output,
    ...sdkMetadata(responseHeaders({ ...options, body }), options.requestId, options.status),
  };
}
