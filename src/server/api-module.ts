/**
 * The contract between the HTTP server and each service's `api.ts`: a service
 * lists the wire operations it answers; the server routes requests to them and
 * turns thrown ModelmillErrors into AWS's error shapes (one place, see errors.ts).
 */

/** A request as a handler sees it. */
export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/submitjob`. */
  path: string;
  /** Decoded query string parameters. */
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Raw body. */
  body: Buffer;
  /** Path parameters captured by a REST route (`{name}` segments). */
  params: Record<string, string>;
}

/** A raw response, for operations that do not answer with JSON (S3 objects, Lambda payloads). */
export interface RawResponse {
  raw: true;
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** A JSON-protocol operation: parsed JSON body in, JSON-serialisable object out. */
export type JsonHandler = (input: any, request: ApiRequest) => Promise<unknown>;

/** A REST operation: gets the request (body parsed as JSON when it is JSON) and returns JSON or a RawResponse. */
export type RestHandler = (input: any, request: ApiRequest) => Promise<unknown>;

/** A route of a REST protocol (Batch, Lambda, SageMaker Runtime, S3). `{name}` captures a segment, `{key+}` the rest. */
export interface RestRoute {
  method: string;
  path: string;
  handler: RestHandler;
  /** Status code on success (default 200). */
  status?: number;
}

/** What one service serves over HTTP. */
export interface ApiModule {
  /** Service name as it appears in a SigV4 credential scope (`states`, `ssm`, `batch`, `sns`, ...). */
  signingName: string;
  /** JSON 1.0/1.1 protocols: the `X-Amz-Target` prefix (e.g. `AWSStepFunctions`) and its operations. */
  json?: { targetPrefix: string; operations: Record<string, JsonHandler> };
  /** REST protocols. */
  rest?: RestRoute[];
  /** How REST errors are written: AWS's JSON shape (default) or S3's XML `<Error>` document. */
  restErrors?: 'json' | 's3-xml';
  /** The AWS Query protocol (form-encoded `Action=...`): operations answer with an XML body. */
  query?: {
    xmlns: string;
    operations: Record<
      string,
      (params: Record<string, string>, request: ApiRequest) => Promise<string>
    >;
  };
}
