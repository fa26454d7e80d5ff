/**
 * The one error type of modelmill. `code` is stable and, wherever an AWS API
 * has a name for the error, it is that name (`InvalidDefinition`,
 * `ExecutionDoesNotExist`, `ResourceNotFoundException`, ...), so the HTTP layer
 * can answer in AWS's shape and scripts can match on it.
 */
export class ModelmillError extends Error {
  /** Stable machine-readable name, usually AWS's error name. */
  readonly code: string;
  /** Whether the caller (`client`) or modelmill (`server`) is at fault. */
  readonly fault: 'client' | 'server';
  /** Extra fields AWS returns beside `message` (e.g. `problems` lists). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      cause?: unknown;
      fault?: 'client' | 'server';
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.fault = options.fault ?? 'client';
    this.details = options.details;
  }
}

/** True when `err` is a ModelmillError, optionally with the given code. */
export function isModelmillError(err: unknown, code?: string): err is ModelmillError {
  return err instanceof ModelmillError && (code === undefined || err.code === code);
}

/** The message of any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
