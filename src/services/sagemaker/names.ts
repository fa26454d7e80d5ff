import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, parseArn } from '../../core/index.js';

/**
 * SageMaker's names, ARNs and errors. ARNs carry the name lower-cased, as
 * SageMaker writes them; names are unique without regard to case. Errors use
 * SageMaker's exception names (`ValidationException`, `ResourceNotFound`,
 * `ResourceInUse`, `ConflictException`) with messages that say what and where.
 */

/** Resource kinds, as they appear in ARNs (and as store keys). */
export const Kind = {
  TrainingJob: 'training-job',
  ProcessingJob: 'processing-job',
  TuningJob: 'hyper-parameter-tuning-job',
  TransformJob: 'transform-job',
  Model: 'model',
  EndpointConfig: 'endpoint-config',
  Endpoint: 'endpoint',
  ModelPackageGroup: 'model-package-group',
  ModelPackage: 'model-package',
} as const;
/** A resource kind. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** SageMaker's name rule for jobs, models, endpoints and groups. */
export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** A ValidationException. */
export function validation(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/** A ResourceNotFound (SageMaker's name, without the Exception suffix). */
export function resourceNotFound(message: string): ModelmillError {
  return new ModelmillError('ResourceNotFound', message);
}

/** A ResourceInUse. */
export function resourceInUse(message: string): ModelmillError {
  return new ModelmillError('ResourceInUse', message);
}

/** Checks a resource name against SageMaker's pattern and length; returns it. */
export function checkName(value: unknown, field: string, maxLength = 63): string {
  if (value === undefined || value === null) {
    throw validation(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'string' || value.length > maxLength || !NAME_PATTERN.test(value)) {
    throw validation(
      `1 validation error detected: Value '${shown(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,${maxLength - 1}} (letters, digits and hyphens, at most ${maxLength} characters, no leading or trailing hyphen)`,
    );
  }
  return value;
}

/** Throws ValidationException naming `field` when `value` is missing. */
export function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null) {
    throw validation(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** The ARN of a resource in the local account. */
export function arnOf(scope: AccountScope, kind: Kind, name: string): string {
  return formatArn(scope, 'sagemaker', `${kind}/${name.toLowerCase()}`);
}

/** The name an ARN of `kind` points at, or the text itself when it is a plain name. */
export function nameOf(text: string, kind: Kind): string {
  if (!isArn(text)) return text;
  const { resource } = parseArn(text);
  const prefix = `${kind}/`;
  if (!resource.startsWith(prefix)) {
    throw validation(
      `'${text}' is not the ARN of a ${kind}: expected arn:aws:sagemaker:<region>:<account>:${kind}/<name>`,
    );
  }
  return resource.slice(prefix.length);
}

/** Epoch seconds of a clock reading, as SageMaker's JSON protocol has them. */
export function seconds(ms: number): number {
  return ms / 1000;
}

/** The `s3://bucket/key` text without a trailing slash. */
export function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** `{ a: 1, b: undefined }` → `{ a: 1 }`, for exactOptionalPropertyTypes-friendly spreads. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `value` when it is a string, else `fallback`. */
export function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** A value for a message: strings as they are, anything else as JSON. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
