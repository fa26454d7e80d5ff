import { z } from 'zod';
import type { ParameterStore } from '../../services/ssm/index.js';
import { assertParameterName } from '../../services/ssm/index.js';
import type { ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { checkedName, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `parameter`: an SSM Parameter Store parameter. Apply writes the value when
 * it differs (a new version); with `overwrite: false` the value is only set
 * when the parameter is created, so values a pipeline changes at run time
 * (loop flags) survive a second `up`.
 */

const parameterSchema = z
  .strictObject({
    kind: z.literal('parameter'),
    /** The parameter name: `name` or a path `/a/b/c`. */
    name: checkedName((name) => assertParameterName(name, { creating: true })),
    /** String (default), StringList or SecureString. */
    type: z.enum(['String', 'StringList', 'SecureString']).default('String'),
    /** The value; a StringList may be given as an array of strings. */
    value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** A description (up to 1024 characters). */
    description: z.string().max(1024).optional(),
    /** Update the value on a later apply when it differs. Default true; false sets it only on creation. */
    overwrite: z.boolean().default(true),
    /** Tags, set when the parameter is created. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    if (Array.isArray(spec.value) && spec.type !== 'StringList') {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `a list value needs type StringList (this parameter is a ${spec.type}); set type to StringList or give one string`,
      });
    }
    if (Array.isArray(spec.value) && spec.value.some((item) => item.includes(','))) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'StringList items must not contain commas (the list is stored comma-separated)',
      });
    }
  })
  .transform((spec) => ({
    ...spec,
    value: Array.isArray(spec.value) ? spec.value.join(',') : spec.value,
  }));

/** A parameter spec (a list value already joined with commas). */
export type ParameterSpec = z.infer<typeof parameterSchema>;

/** The `parameter` kind. */
export const parameterKind = defineKind<ParameterSpec>({
  kind: 'parameter',
  logicalIdSuffix: 'Parameter',
  schema: parameterSchema,
  key: (spec) => spec.name,
  redact: (spec) => (spec.type === 'SecureString' ? { ...spec, value: '(secret)' } : spec),
  plan: (host, spec) => planParameter(host.services.ssm, spec),
  async apply(host, spec) {
    const ssm = host.services.ssm;
    const plan = await planParameter(ssm, spec);
    if (plan.action === 'unchanged' || plan.action === 'conflict') return 'unchanged';
    const creating = plan.action === 'create';
    await ssm.putParameter({
      Name: spec.name,
      Value: spec.value,
      Type: spec.type,
      ...(spec.description === undefined ? {} : { Description: spec.description }),
      ...(creating ? (spec.tags ? { Tags: toTags(spec.tags) } : {}) : { Overwrite: true }),
    });
    return creating ? 'created' : 'updated';
  },
  async remove(host, spec) {
    const ssm = host.services.ssm;
    const found = await unlessMissing(
      () => ssm.getParameter({ Name: spec.name }),
      'ParameterNotFound',
    );
    if (!found) return 'absent';
    await ssm.deleteParameter({ Name: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    if (spec.type === 'SecureString') {
      context.note(
        `parameter '${spec.name}' is a SecureString, which AWS::SSM::Parameter cannot create; it is left out of the template. Create it once with 'aws ssm put-parameter --type SecureString --name ${spec.name} --value ...' (or keep the secret in AWS Secrets Manager) and read it with a '{{resolve:ssm-secure:${spec.name}}}' dynamic reference where a property supports one.`,
      );
      return { resources: {} };
    }
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::SSM::Parameter',
          Properties: defined({
            Name: spec.name,
            Type: spec.type,
            Value: spec.value,
            Description: spec.description,
            Tags: spec.tags,
          }),
        },
      },
    };
  },
});

async function planParameter(ssm: ParameterStore, spec: ParameterSpec): Promise<ResourcePlan> {
  const found = await unlessMissing(
    () => ssm.getParameter({ Name: spec.name, WithDecryption: true }),
    'ParameterNotFound',
  );
  if (!found) return { action: 'create' };
  if (!spec.overwrite) return { action: 'unchanged' };
  const current = found.Parameter;
  const changes: string[] = [];
  if (current.Type !== spec.type) changes.push(`type ${current.Type} → ${spec.type}`);
  if (current.Value !== spec.value) changes.push('value');
  if (spec.description !== undefined && (await descriptionOf(ssm, spec.name)) !== spec.description)
    changes.push('description');
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}

async function descriptionOf(ssm: ParameterStore, name: string): Promise<string | undefined> {
  const page = await ssm.describeParameters({
    ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }],
  });
  return page.Parameters[0]?.Description;
}

function toTags(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
