import type { JobDefinition } from '../../services/batch/index.js';
import type { CfnResource, ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { batchTags } from './batch-support.js';
import type { JobDefinitionSpec } from './job-definition-spec.js';
import {
  APPLIED_BY_TAG,
  jobDefinitionSchema,
  registrationOf,
  requirementsOf,
  revisionChanges,
} from './job-definition-spec.js';
import { defined } from './support.js';
import { managedPolicy, serviceRole } from './synth-links.js';

/**
 * `jobDefinition`: an AWS Batch container job definition. As on AWS, a
 * changed spec registers a new revision and the previous ones stay ACTIVE;
 * `down` deregisters every revision `up` registered (they carry a marker
 * tag), leaving revisions registered by others.
 */

export type { JobDefinitionSpec } from './job-definition-spec.js';

/** The `jobDefinition` kind. */
export const jobDefinitionKind = defineKind<JobDefinitionSpec>({
  kind: 'jobDefinition',
  logicalIdSuffix: 'JobDefinition',
  schema: jobDefinitionSchema,
  key: (spec) => spec.name,
  plan: planJobDefinition,
  async apply(host, spec) {
    const plan = await planJobDefinition(host, spec);
    if (plan.action === 'unchanged') return 'unchanged';
    await host.services.batch.registerJobDefinition(registrationOf(spec));
    return plan.action === 'create' ? 'created' : 'updated';
  },
  async remove(host, spec) {
    const ours = (await activeRevisions(host, spec.name)).filter(
      (d) => d.tags?.[APPLIED_BY_TAG] !== undefined,
    );
    for (const revision of ours) {
      await host.services.batch.deregisterJobDefinition({
        jobDefinition: `${revision.jobDefinitionName}:${revision.revision}`,
      });
    }
    return ours.length > 0 ? 'deleted' : 'absent';
  },
  synth(spec, context) {
    const fargate = spec.platformCapabilities[0] === 'FARGATE';
    const roleId = `${context.logicalId}ExecutionRole`;
    const resources: Record<string, CfnResource> = {};
    const needsRole = fargate && spec.executionRoleArn === undefined;
    if (needsRole) {
      resources[roleId] = serviceRole(
        'ecs-tasks.amazonaws.com',
        [],
        [managedPolicy('service-role/AmazonECSTaskExecutionRolePolicy')],
      );
    }
    resources[context.logicalId] = {
      Type: 'AWS::Batch::JobDefinition',
      Properties: defined({
        JobDefinitionName: spec.name,
        Type: 'container',
        ContainerProperties: cfnContainer(
          spec,
          needsRole ? { 'Fn::GetAtt': [roleId, 'Arn'] } : spec.executionRoleArn,
        ),
        Parameters: Object.keys(spec.parameters).length > 0 ? spec.parameters : undefined,
        RetryStrategy: cfnRetry(spec),
        Timeout: spec.timeout && { AttemptDurationSeconds: spec.timeout.attemptDurationSeconds },
        PlatformCapabilities: spec.platformCapabilities,
        PropagateTags: spec.propagateTags || undefined,
        Tags: batchTags(spec.tags),
      }),
    };
    return {
      resources,
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of the job definition ${spec.name} (its current revision)`,
          Value: { Ref: context.logicalId },
        },
      },
    };
  },
});

/** CloudFormation's ContainerProperties of a spec. */
function cfnContainer(spec: JobDefinitionSpec, executionRole: unknown) {
  const environment = Object.entries(spec.environment ?? {});
  return defined({
    Image: spec.image,
    Command: spec.command,
    Environment:
      environment.length === 0 ? undefined : environment.map(([Name, Value]) => ({ Name, Value })),
    ResourceRequirements: requirementsOf(spec).map((r) => ({ Type: r.type, Value: r.value })),
    JobRoleArn: spec.jobRoleArn,
    ExecutionRoleArn: executionRole,
    NetworkConfiguration:
      spec.platformCapabilities[0] === 'FARGATE' ? { AssignPublicIp: 'DISABLED' } : undefined,
  });
}

/** CloudFormation's RetryStrategy of a spec, if it has one. */
function cfnRetry(spec: JobDefinitionSpec) {
  const retry = spec.retryStrategy;
  if (!retry) return undefined;
  return {
    Attempts: retry.attempts,
    ...(retry.evaluateOnExit
      ? {
          EvaluateOnExit: retry.evaluateOnExit.map((rule) =>
            defined({
              OnExitCode: rule.onExitCode,
              OnReason: rule.onReason,
              OnStatusReason: rule.onStatusReason,
              Action: rule.action,
            }),
          ),
        }
      : {}),
  };
}

/** Every ACTIVE revision of `name`, oldest first. */
async function activeRevisions(host: ResourceHost, name: string): Promise<JobDefinition[]> {
  const found: JobDefinition[] = [];
  let nextToken: string | undefined;
  do {
    const page = await host.services.batch.describeJobDefinitions({
      jobDefinitionName: name,
      status: 'ACTIVE',
      ...(nextToken ? { nextToken } : {}),
    });
    found.push(...page.jobDefinitions);
    nextToken = page.nextToken;
  } while (nextToken);
  return found.sort((a, b) => a.revision - b.revision);
}

async function planJobDefinition(
  host: ResourceHost,
  spec: JobDefinitionSpec,
): Promise<ResourcePlan> {
  const latest = (await activeRevisions(host, spec.name)).at(-1);
  if (!latest) return { action: 'create' };
  const changes = revisionChanges(latest, spec);
  return changes.length === 0
    ? { action: 'unchanged' }
    : { action: 'update', changes: [...changes, 'new revision'] };
}
