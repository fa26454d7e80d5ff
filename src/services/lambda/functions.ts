import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, isPlainObject, parseArn } from '../../core/index.js';
import type { CreateFunctionInput, FunctionConfiguration } from './types.js';

/**
 * Function names, ARNs and configurations: references resolve by name
 * whatever account or region an ARN carries (`name`, `name:$LATEST`,
 * `123456789012:function:name`, `arn:aws:lambda:...:function:name`), and
 * CreateFunction's settings are checked with Lambda's limits and errors.
 */

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** An InvalidParameterValueException. */
export function invalidParameter(message: string): ModelmillError {
  return new ModelmillError('InvalidParameterValueException', message);
}

/** A function's ARN (with a qualifier when given). */
export function functionArn(scope: AccountScope, name: string, qualifier?: string): string {
  return formatArn(scope, 'lambda', `function:${name}${qualifier ? `:${qualifier}` : ''}`);
}

/** ResourceNotFoundException for a function that does not exist. */
export function functionNotFound(
  scope: AccountScope,
  name: string,
  qualifier?: string,
): ModelmillError {
  return new ModelmillError(
    'ResourceNotFoundException',
    `Function not found: ${functionArn(scope, name, qualifier)}: create it with CreateFunction (or bind an in-process handler with registerLocal); names are exact and case-sensitive`,
  );
}

/** The function name and qualifier a reference names. */
export function parseFunctionRef(ref: unknown): { name: string; qualifier?: string } {
  if (typeof ref !== 'string' || ref === '') {
    throw invalidParameter('FunctionName is missing: give a function name or ARN');
  }
  let rest = ref;
  if (isArn(ref)) rest = parseArn(ref).resource;
  else if (/^\d{12}:function:/.test(ref)) rest = ref.slice(13);
  if (rest.startsWith('function:')) rest = rest.slice('function:'.length);
  const [name = '', qualifier] = rest.split(':');
  if (!NAME.test(name)) {
    throw invalidParameter(
      `FunctionName '${ref}' is not valid: use up to 64 letters, digits, hyphens or underscores, or a function ARN`,
    );
  }
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** Lambda's LastModified format: `2024-01-01T00:00:00.000+0000`. */
export function lastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function integer(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${JSON.stringify(value)}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

/** What the code package gave: its hash, size and whether it is an image. */
export interface CodeFacts {
  sha: string;
  size: number;
  image: boolean;
}

/** The configuration of a CreateFunction request. */
export function compileConfiguration(
  scope: AccountScope,
  input: CreateFunctionInput,
  code: CodeFacts,
  now: number,
  revision: string,
): FunctionConfiguration {
  const { name } = parseFunctionRef(input?.FunctionName);
  if (typeof input.Role !== 'string' || input.Role === '') {
    throw invalidParameter(
      `Role is missing for function '${name}': give the execution role ARN (any role locally)`,
    );
  }
  const variables = input.Environment?.Variables;
  if (
    variables !== undefined &&
    (!isPlainObject(variables) || Object.values(variables).some((v) => typeof v !== 'string'))
  ) {
    throw invalidParameter(`Environment.Variables of function '${name}' must map names to strings`);
  }
  const image = code.image || input.PackageType === 'Image';
  if (!image && input.Handler === undefined) {
    throw invalidParameter(
      `Handler is missing for function '${name}': give 'file.export' (Node.js), 'module.function' (Python), 'path/to/module.js#export' or 'command:<words>'`,
    );
  }
  return {
    FunctionName: name,
    FunctionArn: functionArn(scope, name),
    ...(input.Runtime === undefined ? {} : { Runtime: input.Runtime }),
    Role: input.Role,
    ...(input.Handler === undefined ? {} : { Handler: input.Handler }),
    CodeSize: code.size,
    Description: input.Description ?? '',
    Timeout: integer(input.Timeout, 'timeout', 1, 900) ?? 3,
    MemorySize: integer(input.MemorySize, 'memorySize', 128, 10_240) ?? 128,
    LastModified: lastModified(now),
    CodeSha256: code.sha,
    Version: '$LATEST',
    ...(variables === undefined ? {} : { Environment: { Variables: variables } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revision,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: image ? 'Image' : 'Zip',
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: { Size: 512 },
    ...(input.ImageConfig ? { ImageConfigResponse: { ImageConfig: input.ImageConfig } } : {}),
  };
}
