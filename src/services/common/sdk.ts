import { ModelmillError } from '../../core/index.js';

/**
 * The boundary of the AWS SDK adapters (`services/<name>/aws.ts`): SDK
 * answers become port values and SDK exceptions become the ModelmillErrors
 * the embedded adapters throw, in one place for every service.
 */

/** How `fromSdk` treats byte arrays. */
export interface FromSdkOptions {
  /** `keep`: left as bytes; `base64`: base64 text, as ports that carry binary as text want. Default: keep. */
  bytes?: 'keep' | 'base64';
}

/** SDK values → port values: dates become epoch seconds; `$metadata` and undefined fields go. */
export function fromSdk(value: unknown, options: FromSdkOptions = {}): any {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) {
    return options.bytes === 'base64' ? Buffer.from(value).toString('base64') : value;
  }
  if (Array.isArray(value)) return value.map((inner) => fromSdk(inner, options));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== '$metadata' && inner !== undefined) out[key] = fromSdk(inner, options);
  }
  return out;
}

/** How `fromSdkError` names the error. */
export interface FromSdkErrorOptions {
  /** The port's code for an SDK exception name. Default: the name itself. */
  code?: (name: string) => string;
}

/**
 * An SDK failure as the ModelmillError the embedded adapter would throw: the
 * same code and message, `server` fault for a 5xx answer. Anything that is not
 * an SDK exception (a socket error, say) is returned as it is.
 */
export function fromSdkError(err: unknown, options: FromSdkErrorOptions = {}): unknown {
  if (!(err instanceof Error) || !('$metadata' in err)) return err;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = options.code ? options.code(err.name) : err.name;
  return new ModelmillError(code, err.message, {
    cause: err,
    ...(status !== undefined && status >= 500 ? { fault: 'server' as const } : {}),
  });
}

/** How a sender turns SDK answers and failures into port values and errors. */
export interface SdkSenderOptions {
  /** An SDK answer as the port's value. Default: `fromSdk` with its defaults. */
  output?: (value: unknown) => unknown;
  /** An SDK failure as the error to throw. Default: `fromSdkError` with its defaults. */
  error?: (err: unknown) => unknown;
}

/** Runs one SDK call and translates its answer or failure (see `SdkSenderOptions`). */
export async function callSdk<T = any>(
  run: () => Promise<unknown>,
  options: SdkSenderOptions = {},
): Promise<T> {
  let answer: unknown;
  try {
    answer = await run();
  } catch (err) {
    throw options.error ? options.error(err) : fromSdkError(err);
  }
  return (options.output ? options.output(answer) : fromSdk(answer)) as T;
}

/** Anything with the SDK v3 clients' `send(command)`. */
export interface SdkClient {
  send(command: any): Promise<any>;
}

/** A command sender over `client` whose answers and failures are translated (see `SdkSenderOptions`). */
export function createSdkSender(
  client: SdkClient,
  options: SdkSenderOptions = {},
): <T = any>(command: unknown) => Promise<T> {
  return (command) => callSdk(() => client.send(command), options);
}
