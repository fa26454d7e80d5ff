import { isPlainObject } from '../../core/index.js';
import { clientError } from './names.js';
import type { JobTimeout, KeyValuePair, ResourceRequirement, RetryStrategy } from './types.js';

/**
 * Checks shared by RegisterJobDefinition and SubmitJob: each names the field
 * (`containerOverrides.environment[2].name`) and what Batch accepts there.
 */

/** A request value as text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** A list of strings (a command). */
export function checkCommand(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((w) => typeof w === 'string')) {
    throw clientError(
      `${field} must be a list of strings, e.g. ["python", "train.py", "--epochs", "Ref::epochs"]`,
    );
  }
  return value;
}

/** Environment variables; names starting with AWS_BATCH are Batch's own. */
export function checkEnvironment(value: unknown, field: string): KeyValuePair[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw clientError(`${field} must be a list of { name, value } pairs`);
  return value.map((pair: unknown, i) => {
    if (!isPlainObject(pair) || typeof pair.name !== 'string' || pair.name === '') {
      throw clientError(`${field}[${i}].name must be a non-empty string`);
    }
    if (pair.name.startsWith('AWS_BATCH')) {
      throw clientError(
        `${field}[${i}].name '${pair.name}': environment variable names starting with AWS_BATCH are reserved for the variables AWS Batch sets`,
      );
    }
    return {
      name: pair.name,
      value: pair.value === undefined || pair.value === null ? '' : asText(pair.value),
    };
  });
}

/** VCPU / MEMORY / GPU requirements with numeric values. */
export function checkResourceRequirements(
  value: unknown,
  field: string,
): ResourceRequirement[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw clientError(`${field} must be a list of { type, value } pairs`);
  return value.map((req: unknown, i) => {
    const type = isPlainObject(req) ? req.type : undefined;
    if (type !== 'VCPU' && type !== 'MEMORY' && type !== 'GPU') {
      throw clientError(
        `${field}[${i}].type must be VCPU, MEMORY or GPU (got ${JSON.stringify(type ?? null)})`,
      );
    }
    const text = asText((req as { value?: unknown }).value ?? '');
    const amount = Number(text);
    if (
      text === '' ||
      !Number.isFinite(amount) ||
      amount < 0 ||
      (type !== 'VCPU' && !Number.isInteger(amount))
    ) {
      throw clientError(
        `${field}[${i}].value '${text}' is not a valid ${type} amount (${type === 'VCPU' ? 'a number such as 0.25, 1 or 4' : 'a whole number'})`,
      );
    }
    return { type, value: text };
  });
}

/** A positive number of vCPUs or MiB. */
export function checkPositive(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw clientError(`${field} must be a positive number (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** attempts 1..10; evaluateOnExit rules with RETRY or EXIT. */
export function checkRetryStrategy(value: unknown, field: string): RetryStrategy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw clientError(`${field} must be an object { attempts, evaluateOnExit }`);
  const attempts = value.attempts;
  if (
    attempts !== undefined &&
    (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 10)
  ) {
    throw clientError(
      `${field}.attempts must be an integer from 1 to 10 (got ${JSON.stringify(attempts)})`,
    );
  }
  const rules = value.evaluateOnExit;
  if (rules !== undefined) {
    if (!Array.isArray(rules) || rules.length > 5)
      throw clientError(`${field}.evaluateOnExit must be a list of at most 5 rules`);
    rules.forEach((rule: unknown, i) => {
      const action = isPlainObject(rule) ? asText(rule.action ?? '').toUpperCase() : '';
      if (action !== 'RETRY' && action !== 'EXIT') {
        throw clientError(`${field}.evaluateOnExit[${i}].action must be RETRY or EXIT`);
      }
      const code = (rule as { onExitCode?: unknown }).onExitCode;
      if (code !== undefined && !/^\d+\*?$|^\*$/.test(asText(code))) {
        throw clientError(
          `${field}.evaluateOnExit[${i}].onExitCode '${asText(code)}' must be digits, optionally ending with *`,
        );
      }
    });
  }
  return value;
}

/** A timeout of at least 60 seconds. */
export function checkTimeout(value: unknown, field: string): JobTimeout | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = isPlainObject(value) ? value.attemptDurationSeconds : undefined;
  if (seconds === undefined) return {};
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 60) {
    throw clientError(
      `${field}.attemptDurationSeconds must be a whole number of seconds, at least 60 (got ${JSON.stringify(seconds)})`,
    );
  }
  return { attemptDurationSeconds: seconds };
}

/** A map of strings (parameters, tags). */
export function checkStringMap(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw clientError(`${field} must be a map of strings to strings`);
  }
  return value as Record<string, string>;
}
