import { z } from 'zod';
import { ModelmillError, errorMessage, isModelmillError } from '../../core/index.js';

/** Helpers the kinds share: name checks reused from the services, "not found" tests, tags. */

/** A string schema that also passes `check` (a service's own name assertion), with its message. */
export function checkedName(check: (name: string) => void): z.ZodString {
  return z.string().check((ctx) => {
    try {
      check(ctx.value);
    } catch (err) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: errorMessage(err) });
    }
  });
}

/** Tags as `{ key: value }`; synthesized as CloudFormation's `[{ Key, Value }]`. */
export const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** Tags in CloudFormation's list form, or undefined when there are none. */
export function cfnTags(tags: Record<string, string> | undefined): unknown[] | undefined {
  if (tags === undefined || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Runs `read`; undefined when it fails with `code` (the service's "does not exist"). */
export async function unlessMissing<T>(
  read: () => Promise<T>,
  code: string,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isModelmillError(err, code)) return undefined;
    throw err;
  }
}

/** Drops undefined fields (exactOptionalPropertyTypes-friendly object building). */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as any;
}

/** The error apply throws when a change cannot be made in place (the plan's conflict, with its fix). */
export function cannotChange(problem: string): ModelmillError {
  return new ModelmillError('ValidationException', problem);
}
