import { ModelmillError, jsonEqual, parseArn } from '../../core/index.js';
import type { DescribeRuleOutput, Target } from '../../services/eventbridge/index.js';
import type { CfnResource, ResourceHost, ResourcePlan, SynthContext } from '../types.js';
import { defineKind } from '../types.js';
import type { ResourceReference } from './references.js';
import type { RuleSpec, RuleTargetSpec } from './rule-spec.js';
import { busName, ruleSchema, targetChanges } from './rule-spec.js';
import { cfnTags, defined, unlessMissing } from './support.js';
import { linkTo, serviceRole } from './synth-links.js';

/**
 * `rule`: an EventBridge rule on a bus (an event pattern, a schedule, or
 * both) with its targets. A custom bus named in `bus` must exist, so declare
 * its `eventBus` first. Pattern, schedule, state and targets change in
 * place; targets dropped from the config are removed from the rule.
 */

export type { RuleSpec } from './rule-spec.js';

/** The bus a rule needs before it is applied (none for the default bus). */
export function ruleReferences(spec: RuleSpec): ResourceReference[] {
  const bus = busName(spec.bus);
  return bus === 'default' ? [] : [{ kind: 'eventBus', key: bus, field: 'bus' }];
}

/** The `rule` kind. */
export const ruleKind = defineKind<RuleSpec>({
  kind: 'rule',
  logicalIdSuffix: 'Rule',
  schema: ruleSchema,
  key: (spec) => `${busName(spec.bus)}/${spec.name}`,
  plan: async (host, spec) => (await planRule(host, spec)).plan,
  async apply(host, spec) {
    const { plan, targets } = await planRule(host, spec);
    if (plan.action === 'unchanged' || plan.action === 'conflict') return 'unchanged';
    const events = host.services.events;
    const bus = busName(spec.bus);
    const creating = plan.action === 'create';
    if (creating) await requireBus(host, spec);
    if (plan.action === 'create' || plan.changes.some((c) => c !== 'targets')) {
      await events.putRule({
        Name: spec.name,
        EventBusName: bus,
        ...(spec.eventPattern ? { EventPattern: JSON.stringify(spec.eventPattern) } : {}),
        ...(spec.scheduleExpression ? { ScheduleExpression: spec.scheduleExpression } : {}),
        State: spec.state,
        ...(spec.description !== undefined ? { Description: spec.description } : {}),
        ...(spec.roleArn !== undefined ? { RoleArn: spec.roleArn } : {}),
        ...(creating && spec.tags
          ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> }
          : {}),
      });
    }
    const { remove, put } = targetChanges(targets, spec);
    if (remove.length > 0)
      await events.removeTargets({ Rule: spec.name, EventBusName: bus, Ids: remove });
    if (put.length > 0) {
      const result = await events.putTargets({ Rule: spec.name, EventBusName: bus, Targets: put });
      const failed = result.FailedEntries[0];
      if (failed) {
        throw new ModelmillError(
          failed.ErrorCode,
          `targets: rule '${spec.name}' refused target '${failed.TargetId}': ${failed.ErrorMessage}`,
        );
      }
    }
    return creating ? 'created' : 'updated';
  },
  async remove(host, spec) {
    const bus = busName(spec.bus);
    const current = await describe(host, spec);
    if (!current) return 'absent';
    const targets = await listTargets(host, spec);
    const events = host.services.events;
    if (targets.length > 0)
      await events.removeTargets({
        Rule: spec.name,
        EventBusName: bus,
        Ids: targets.map((t) => t.Id),
      });
    await events.deleteRule({ Name: spec.name, EventBusName: bus });
    return 'deleted';
  },
  synth(spec, context) {
    const roleId = `${context.logicalId}TargetsRole`;
    const resources: Record<string, CfnResource> = {};
    const machines = spec.targets.filter((t) => serviceOf(t) === 'states' && !t.roleArn);
    if (machines.length > 0) {
      resources[roleId] = serviceRole('events.amazonaws.com', [
        { Action: ['states:StartExecution'], Resource: machines.map((t) => targetArn(context, t)) },
      ]);
    }
    spec.targets.forEach((t, i) => {
      if (serviceOf(t) === 'lambda')
        resources[`${context.logicalId}Invoke${i + 1}`] = permission(context, t);
      if (serviceOf(t) === 'sns') {
        context.note(
          `rule '${spec.name}' targets the topic ${t.arn}: its topic policy must allow events.amazonaws.com to sns:Publish (add an AWS::SNS::TopicPolicy, or use a role-less topic policy statement)`,
        );
      }
    });
    resources[context.logicalId] = {
      Type: 'AWS::Events::Rule',
      Properties: defined({
        Name: spec.name,
        EventBusName:
          busName(spec.bus) === 'default'
            ? undefined
            : linkTo(context, 'eventBus', spec.bus, (name) => name),
        EventPattern: spec.eventPattern,
        ScheduleExpression: spec.scheduleExpression,
        State: spec.state,
        Description: spec.description,
        RoleArn: spec.roleArn,
        Targets:
          spec.targets.length === 0
            ? undefined
            : spec.targets.map((t) => cfnTarget(context, t, roleId)),
      }),
    };
    return {
      resources,
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of rule ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
        },
      },
    };
  },
});

function serviceOf(t: RuleTargetSpec): string {
  return parseArn(t.arn).service;
}

/** A target's ARN in the template: a `Ref` to a state machine or topic the template holds. */
function targetArn(context: SynthContext, t: RuleTargetSpec): unknown {
  const service = serviceOf(t);
  if (service === 'states') return linkTo(context, 'stateMachine', t.arn, () => t.arn);
  if (service === 'sns') return linkTo(context, 'topic', t.arn, () => t.arn);
  return t.arn;
}

function cfnTarget(context: SynthContext, t: RuleTargetSpec, roleId: string) {
  const machine = serviceOf(t) === 'states';
  return defined({
    Id: t.id,
    Arn: targetArn(context, t),
    Input: t.input === undefined ? undefined : JSON.stringify(t.input),
    InputPath: t.inputPath,
    InputTransformer: t.inputTransformer
      ? defined({
          InputPathsMap: t.inputTransformer.inputPathsMap,
          InputTemplate: t.inputTransformer.inputTemplate,
        })
      : undefined,
    RoleArn: t.roleArn ?? (machine ? { 'Fn::GetAtt': [roleId, 'Arn'] } : undefined),
    RetryPolicy: t.retryPolicy
      ? defined({
          MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds,
        })
      : undefined,
  });
}

/** Lets EventBridge invoke a function target of this rule. */
function permission(context: SynthContext, t: RuleTargetSpec): CfnResource {
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: t.arn,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [context.logicalId, 'Arn'] },
    },
  };
}

async function requireBus(host: ResourceHost, spec: RuleSpec): Promise<void> {
  const bus = busName(spec.bus);
  if (bus === 'default') return;
  const found = await unlessMissing(
    () => host.services.events.describeEventBus({ Name: bus }),
    'ResourceNotFoundException',
  );
  if (!found) {
    throw new ModelmillError(
      'ResourceNotFoundException',
      `bus: rule '${spec.name}' is on event bus '${bus}', which does not exist; declare it as an eventBus before this rule in the config (resources are applied in the order listed), or create it first`,
    );
  }
}

function describe(host: ResourceHost, spec: RuleSpec) {
  return unlessMissing(
    () => host.services.events.describeRule({ Name: spec.name, EventBusName: busName(spec.bus) }),
    'ResourceNotFoundException',
  );
}

async function listTargets(host: ResourceHost, spec: RuleSpec): Promise<Target[]> {
  const targets: Target[] = [];
  let token: string | undefined;
  do {
    const page = await host.services.events.listTargetsByRule({
      Rule: spec.name,
      EventBusName: busName(spec.bus),
      ...(token ? { NextToken: token } : {}),
    });
    targets.push(...page.Targets);
    token = page.NextToken;
  } while (token);
  return targets;
}

function ruleChanges(current: DescribeRuleOutput, spec: RuleSpec): string[] {
  const changes: string[] = [];
  const pattern = current.EventPattern === undefined ? undefined : JSON.parse(current.EventPattern);
  if (!jsonEqual(pattern ?? null, spec.eventPattern ?? null)) changes.push('eventPattern');
  if ((current.ScheduleExpression ?? '') !== (spec.scheduleExpression ?? ''))
    changes.push('scheduleExpression');
  if (current.State !== spec.state) changes.push(`state ${current.State} → ${spec.state}`);
  if ((current.Description ?? '') !== (spec.description ?? '')) changes.push('description');
  if ((current.RoleArn ?? '') !== (spec.roleArn ?? '')) changes.push('roleArn');
  return changes;
}

async function planRule(
  host: ResourceHost,
  spec: RuleSpec,
): Promise<{ plan: ResourcePlan; targets: Target[] }> {
  const current = await describe(host, spec);
  if (!current) return { plan: { action: 'create' }, targets: [] };
  const targets = await listTargets(host, spec);
  const changes = ruleChanges(current, spec);
  const { remove, put } = targetChanges(targets, spec);
  if (remove.length > 0 || put.length > 0) changes.push('targets');
  return {
    plan: changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes },
    targets,
  };
}
