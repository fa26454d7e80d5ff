import { z } from 'zod';
import { jsonEqual } from '../../core/index.js';
import type { CfnResource, ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { checkDefinition, loadDefinition, substitute } from './state-machine-definition.js';
import { actionsFor } from './state-machine-policy.js';
import { cannotChange, cfnTags, defined, tagsSchema, unlessMissing } from './support.js';

/**
 * `stateMachine`: a Step Functions state machine. The definition is inline or
 * a JSON file beside the config; `${Name}` placeholders are filled from
 * `definitionSubstitutions` as CloudFormation does. A changed definition or
 * role updates the machine in place; its type cannot change.
 */

const stateMachineSchema = z.strictObject({
  kind: z.literal('stateMachine'),
  /** 1-80 letters, digits, `-` and `_`. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, "a state machine name is 1-80 letters, digits, '-' and '_'"),
  /** STANDARD (default) or EXPRESS. */
  type: z.enum(['STANDARD', 'EXPRESS']).default('STANDARD'),
  /** The ASL document, or the path of a JSON file holding it (relative to the config). */
  definition: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** Values for `${Name}` placeholders in the definition. */
  definitionSubstitutions: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
    .default({}),
  /** The execution role. Locally optional (a local role); synthesized as a role of its own when absent. */
  roleArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
      'expected an IAM role ARN (arn:aws:iam::123456789012:role/name)',
    )
    .optional(),
  /** Tags, set when the machine is created. */
  tags: tagsSchema.optional(),
});

/** A state machine spec (after compile, `definition` is the document itself). */
export type StateMachineSpec = z.infer<typeof stateMachineSchema>;

/** The `stateMachine` kind. */
export const stateMachineKind = defineKind<StateMachineSpec>({
  kind: 'stateMachine',
  logicalIdSuffix: 'StateMachine',
  verbatimFields: ['definition'],
  schema: stateMachineSchema,
  compile(spec, context) {
    const loaded = loadDefinition(spec.definition, context.baseDir);
    if ('issue' in loaded) return { issues: [loaded.issue] };
    const issues = checkDefinition(loaded.value, spec.definitionSubstitutions, spec.type);
    if (issues.length > 0) return { issues };
    return { ...spec, definition: loaded.value as Record<string, unknown> };
  },
  key: (spec) => spec.name,
  plan: planStateMachine,
  async apply(host, spec) {
    const plan = await planStateMachine(host, spec);
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    if (plan.action === 'unchanged') return 'unchanged';
    const definition = resolvedText(spec);
    if (plan.action === 'update') {
      host.engine.updateStateMachine({
        stateMachineArn: spec.name,
        definition,
        ...(spec.roleArn === undefined ? {} : { roleArn: spec.roleArn }),
      });
      return 'updated';
    }
    host.engine.createStateMachine({
      name: spec.name,
      definition,
      type: spec.type,
      ...(spec.roleArn === undefined ? {} : { roleArn: spec.roleArn }),
      ...(spec.tags === undefined ? {} : { tags: spec.tags }),
    });
    return 'created';
  },
  async remove(host, spec) {
    if (!(await describe(host, spec.name))) return 'absent';
    host.engine.deleteStateMachine(spec.name);
    return 'deleted';
  },
  synth(spec, context) {
    const roleId = `${context.logicalId}Role`;
    const resources: Record<string, CfnResource> = {};
    if (spec.roleArn === undefined) {
      resources[roleId] = executionRole(substitute(spec.definition, spec.definitionSubstitutions));
    }
    const substitutions = Object.entries(spec.definitionSubstitutions);
    resources[context.logicalId] = {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: defined({
        StateMachineName: spec.name,
        StateMachineType: spec.type,
        Definition: spec.definition,
        DefinitionSubstitutions:
          substitutions.length === 0
            ? undefined
            : Object.fromEntries(substitutions.map(([k, v]) => [k, String(v)])),
        RoleArn: spec.roleArn ?? { 'Fn::GetAtt': [roleId, 'Arn'] },
        Tags: cfnTags(spec.tags),
      }),
    };
    return {
      resources,
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of state machine ${spec.name}`,
          Value: { Ref: context.logicalId },
        },
      },
    };
  },
});

/** The definition text the local engine runs: substitutions applied. */
function resolvedText(spec: StateMachineSpec): string {
  return JSON.stringify(substitute(spec.definition, spec.definitionSubstitutions));
}

function describe(host: ResourceHost, name: string) {
  return unlessMissing(
    async () => host.engine.describeStateMachine(name),
    'StateMachineDoesNotExist',
  );
}

async function planStateMachine(host: ResourceHost, spec: StateMachineSpec): Promise<ResourcePlan> {
  const current = await describe(host, spec.name);
  if (!current) return { action: 'create' };
  if (current.type !== spec.type) {
    return {
      action: 'conflict',
      problem: `state machine '${spec.name}' is ${current.type}, but the config asks for ${spec.type}; a state machine's type cannot change. Give it a new name, or delete it (modelmill down, if this stack created it) and run up again`,
    };
  }
  const changes: string[] = [];
  const wanted = substitute(spec.definition, spec.definitionSubstitutions);
  if (!jsonEqual(JSON.parse(current.definition), wanted)) changes.push('definition');
  if (spec.roleArn !== undefined && spec.roleArn !== current.roleArn) changes.push('roleArn');
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}

/** A role Step Functions can assume, allowed the actions the definition calls. */
function executionRole(definition: unknown): CfnResource {
  const actions = actionsFor(definition);
  return {
    Type: 'AWS::IAM::Role',
    Properties: defined({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'states.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      Policies:
        actions.length === 0
          ? undefined
          : [
              {
                PolicyName: 'integrations',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
                },
              },
            ],
    }),
  };
}
