import { z } from 'zod';
import { ModelmillError } from '../../core/index.js';
import type { ResourceHost } from '../types.js';
import { defineKind } from '../types.js';
import { cfnTags, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `eventBus`: a custom EventBridge event bus (every account already has
 * `default`). Rules on it are declared as `rule` resources naming it in `bus`.
 */

const eventBusSchema = z.strictObject({
  kind: z.literal('eventBus'),
  /** 1-256 letters, digits, `.`, `-`, `_` and `/`; not `default`, not starting with `aws.`. */
  name: z
    .string()
    .regex(
      /^[/.\-_A-Za-z0-9]{1,256}$/,
      "an event bus name is 1-256 letters, digits, '.', '-', '_' and '/'",
    )
    .refine((n) => n !== 'default', 'the default bus always exists; do not declare it')
    .refine(
      (n) => !n.startsWith('aws.'),
      "names starting with 'aws.' are for partner event sources",
    ),
  /** A description, set when the bus is created. */
  description: z.string().max(512).optional(),
  /** Tags, set when the bus is created. */
  tags: tagsSchema.optional(),
});

/** An event bus spec. */
export type EventBusSpec = z.infer<typeof eventBusSchema>;

/** The `eventBus` kind. */
export const eventBusKind = defineKind<EventBusSpec>({
  kind: 'eventBus',
  logicalIdSuffix: 'EventBus',
  schema: eventBusSchema,
  key: (spec) => spec.name,
  async plan(host, spec) {
    return (await busExists(host, spec.name)) ? { action: 'unchanged' } : { action: 'create' };
  },
  async apply(host, spec) {
    if (await busExists(host, spec.name)) return 'unchanged';
    await host.services.events.createEventBus({
      Name: spec.name,
      ...(spec.description === undefined ? {} : { Description: spec.description }),
      ...(spec.tags ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> } : {}),
    });
    return 'created';
  },
  async remove(host, spec, options) {
    if (!(await busExists(host, spec.name))) return 'absent';
    if (!options.force) {
      const problem = await foreignRulesProblem(host, spec.name);
      if (problem) throw new ModelmillError('ValidationException', problem);
    }
    await host.services.events.deleteEventBus({ Name: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::Events::EventBus',
          Properties: defined({
            Name: spec.name,
            Description: spec.description,
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of event bus ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
        },
      },
    };
  },
});

async function busExists(host: ResourceHost, name: string): Promise<boolean> {
  const found = await unlessMissing(
    () => host.services.events.describeEventBus({ Name: name }),
    'ResourceNotFoundException',
  );
  return found !== undefined;
}

/**
 * Deleting a bus deletes its rules. `down` removes the stack's own rules
 * first (they are newer), so any rule left is someone else's.
 */
async function foreignRulesProblem(host: ResourceHost, name: string): Promise<string | undefined> {
  const { Rules } = await host.services.events.listRules({ EventBusName: name });
  if (Rules.length === 0) return undefined;
  const names = Rules.map((r) => `'${r.Name}'`).join(', ');
  return `event bus '${name}' still has rules this stack did not create (${names}); deleting the bus would delete them too. Delete those rules first, or run down again with --force to delete the bus with them`;
}
