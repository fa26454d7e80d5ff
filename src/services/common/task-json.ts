import { isPlainObject } from '../../core/index.js';

/**
 * A service result as an `aws-sdk:*` Task returns it: dates become ISO-8601
 * strings (milliseconds only when non-zero), as Step Functions prints them, deeply.
 */
export function toStepFunctionsJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) return value.map(toStepFunctionsJson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = toStepFunctionsJson(field);
    return out;
  }
  return value;
}
