import { StatesError } from '../../asl/index.js';

/**
 * How Step Functions reports a failed service API call from a Task state:
 * the error `<Prefix>.<Exception>` (`Glue.EntityNotFoundException`,
 * `SageMaker.ResourceNotFoundException`) and the AWS SDK's cause text
 * (`<message> (Service: ...; Status Code: ...; ...)`).
 */

/** `code` with AWS's `Exception` suffix (`EntityNotFound` → `EntityNotFoundException`). */
export function exceptionName(code: string): string {
  return code.endsWith('Exception') ? code : `${code}Exception`;
}

/** A failed API call: the service's error code and message, and who is at fault. */
export interface ApiFailure {
  code: string;
  message: string;
  /** Default: client. */
  fault?: 'client' | 'server';
}

/** How one integration names and words its API failures. */
export interface TaskErrorNaming {
  /** The error's prefix: `Glue` in `Glue.EntityNotFoundException`. */
  prefix: string;
  /** The service as the cause names it: `AWSGlue`, `AmazonSageMaker`, `DynamoDb`. */
  service: string;
  /**
   * How the cause is worded. `optimised` (the optimised integrations, and some
   * SDK ones): `(Service: S; Status Code: N; Error Code: C; Request ID: R; Proxy: null)`;
   * `sdk` (most `aws-sdk:` integrations): `(Service: S, Status Code: N, Request ID: R)`.
   */
  wording: 'optimised' | 'sdk';
  /** The exception name of a code. Default: `exceptionName`. */
  name?: (code: string) => string;
  /** The HTTP status of a failure. Default: 500 for server faults, else 400. */
  status?: (code: string, fault: 'client' | 'server') => number;
}

/** An API failure as the StatesError Step Functions reports for it (see `TaskErrorNaming`). */
export function taskApiError(
  failure: ApiFailure,
  requestId: string,
  naming: TaskErrorNaming,
): StatesError {
  const { code, message } = failure;
  const fault = failure.fault ?? 'client';
  const name = (naming.name ?? exceptionName)(code);
  const status = naming.status ? naming.status(code, fault) : fault === 'server' ? 500 : 400;
  const cause =
    naming.wording === 'optimised'
      ? `${message} (Service: ${naming.service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`
      : `${message} (Service: ${naming.service}, Status Code: ${status}, Request ID: ${requestId})`;
  return new StatesError(`${naming.prefix}.${name}`, cause);
}
