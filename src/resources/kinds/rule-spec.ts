import { z } from 'zod';
import { errorMessage, isArn, nameFromArnOrName } from '../../core/index.js';
import type { Target } from '../../services/eventbridge/index.js';
import { compileEventPattern, compileSchedule } from '../../services/eventbridge/index.js';
import { tagsSchema } from './support.js';

/**
 * The `rule` spec: an event pattern or a schedule on a bus, and up to five
 * targets in camelCase (`{ id, arn, input, inputPath, inputTransformer }`),
 * checked with the EventBridge service's own pattern and schedule compilers,
 * and turned into PutRule / PutTargets requests.
 */

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

const targetSchema = z
  .strictObject({
    /** Unique within the rule: 1-64 letters, digits, `.`, `-`, `_`. */
    id: z.string().regex(NAME, "a target id is 1-64 letters, digits, '.', '-' and '_'"),
    /** The target's ARN (state machine, topic, function, log group, ...); config `${Param}`s are fine. */
    arn: z
      .string()
      .refine(isArn, 'expected an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)'),
    /** Constant input: any JSON value, sent as its JSON text. */
    input: z.json().optional(),
    /** A JSONPath selecting part of the event. */
    inputPath: z.string().min(1).optional(),
    /** `<name>` placeholders filled from the event. */
    inputTransformer: z
      .strictObject({
        inputPathsMap: z.record(z.string(), z.string()).optional(),
        inputTemplate: z.string().min(1),
      })
      .optional(),
    /** The role EventBridge assumes to reach the target (synthesized for state machines when absent). */
    roleArn: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
    /** Delivery retries. */
    retryPolicy: z
      .strictObject({
        maximumRetryAttempts: z.int().min(0).max(185).optional(),
        maximumEventAgeInSeconds: z.int().min(60).max(86400).optional(),
      })
      .optional(),
  })
  .refine(
    (t) => [t.input, t.inputPath, t.inputTransformer].filter((v) => v !== undefined).length <= 1,
    { message: 'give at most one of input, inputPath and inputTransformer' },
  );

/** The `rule` schema. */
export const ruleSchema = z
  .strictObject({
    kind: z.literal('rule'),
    /** 1-64 letters, digits, `.`, `-`, `_`. */
    name: z.string().regex(NAME, "a rule name is 1-64 letters, digits, '.', '-' and '_'"),
    /** The bus (name or ARN). Default `default`. */
    bus: z.string().min(1).default('default'),
    /** The events to match, as an object (EventBridge's pattern language). */
    eventPattern: z.record(z.string(), z.json()).optional(),
    /** `rate(5 minutes)` or `cron(0 12 * * ? *)`; default bus only. */
    scheduleExpression: z.string().min(1).optional(),
    /** ENABLED (default) or DISABLED. */
    state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    description: z.string().max(512).optional(),
    /** The role a scheduled rule's targets are reached with. */
    roleArn: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
    /** Up to five targets. */
    targets: z.array(targetSchema).max(5, 'a rule has at most 5 targets').default([]),
    /** Tags, set when the rule is created. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    const issue = (path: Array<string | number>, message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (spec.eventPattern === undefined && spec.scheduleExpression === undefined)
      issue(['eventPattern'], 'give an eventPattern, a scheduleExpression, or both');
    if (spec.eventPattern !== undefined) {
      try {
        compileEventPattern(JSON.stringify(spec.eventPattern));
      } catch (err) {
        issue(['eventPattern'], errorMessage(err));
      }
    }
    if (spec.scheduleExpression !== undefined) {
      try {
        compileSchedule(spec.scheduleExpression);
      } catch (err) {
        issue(['scheduleExpression'], errorMessage(err));
      }
      if (busName(spec.bus) !== 'default')
        issue(['scheduleExpression'], 'schedules run on the default bus only; remove bus');
    }
    const seen = new Set<string>();
    spec.targets.forEach((t, i) => {
      if (seen.has(t.id))
        issue(['targets', i, 'id'], `another target already has the id '${t.id}'`);
      seen.add(t.id);
    });
  });

/** A rule spec. */
export type RuleSpec = z.infer<typeof ruleSchema>;

/** One target as the spec gives it. */
export type RuleTargetSpec = RuleSpec['targets'][number];

/** The bus name a `bus` field names. */
export function busName(bus: string): string {
  return nameFromArnOrName(bus);
}

/** A target as PutTargets takes it. */
export function toTarget(t: RuleTargetSpec): Target {
  return {
    Id: t.id,
    Arn: t.arn,
    ...(t.input !== undefined ? { Input: JSON.stringify(t.input) } : {}),
    ...(t.inputPath !== undefined ? { InputPath: t.inputPath } : {}),
    ...(t.inputTransformer
      ? {
          InputTransformer: {
            ...(t.inputTransformer.inputPathsMap
              ? { InputPathsMap: t.inputTransformer.inputPathsMap }
              : {}),
            InputTemplate: t.inputTransformer.inputTemplate,
          },
        }
      : {}),
    ...(t.roleArn !== undefined ? { RoleArn: t.roleArn } : {}),
    ...(t.retryPolicy
      ? {
          RetryPolicy: {
            ...(t.retryPolicy.maximumRetryAttempts !== undefined
              ? { MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts }
              : {}),
            ...(t.retryPolicy.maximumEventAgeInSeconds !== undefined
              ? { MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds }
              : {}),
          },
        }
      : {}),
  };
}

/** The ids of targets to remove and the targets to put, to go from `current` to the spec's. */
export function targetChanges(
  current: readonly Target[],
  spec: RuleSpec,
): { remove: string[]; put: Target[] } {
  const wanted = spec.targets.map(toTarget);
  const wantedIds = new Set(wanted.map((t) => t.Id));
  const byId = new Map(current.map((t) => [t.Id, t]));
  return {
    remove: current.filter((t) => !wantedIds.has(t.Id)).map((t) => t.Id),
    put: wanted.filter((t) => {
      const now = byId.get(t.Id);
      return now === undefined || canonical(now) !== canonical(t);
    }),
  };
}

/** JSON text with sorted keys, for order-blind comparison. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
