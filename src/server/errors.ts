import { ModelmillError, isModelmillError } from '../core/index.js';
import type { Logger } from '../core/index.js';

/**
 * The one place where errors become HTTP answers: a ModelmillError's code is
 * AWS's error name; the status follows the protocol's conventions.
 */

/** REST protocols answer some errors with specific statuses. */
const REST_STATUS: Record<string, number> = {
  ResourceNotFoundException: 404,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  NotFound: 404,
  NoSuchUpload: 404,
  ResourceConflictException: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketAlreadyExists: 409,
  BucketNotEmpty: 409,
  InvalidRange: 416,
  PreconditionFailed: 412,
  NotImplemented: 501,
  ServiceException: 500,
  ServerException: 500,
  InternalFailure: 500,
  TooManyRequestsException: 429,
  EC2ThrottledException: 502,
};

/** An error ready to send: status, AWS name and message. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Maps anything thrown to an HttpError; unexpected errors are logged and become InternalFailure. */
export function toHttpError(
  err: unknown,
  protocol: 'json' | 'rest' | 'query',
  logger: Logger,
): HttpError {
  if (isModelmillError(err)) {
    const status =
      err.fault === 'server' ? 500 : protocol === 'rest' ? (REST_STATUS[err.code] ?? 400) : 400;
    return {
      status,
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
    };
  }
  logger.error('unhandled error in API handler', {
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return {
    status: 500,
    code: 'InternalFailure',
    message: err instanceof Error ? err.message : String(err),
  };
}

/** A request body that is not what the protocol expects. */
export function badRequest(message: string): ModelmillError {
  return new ModelmillError('SerializationException', message);
}
