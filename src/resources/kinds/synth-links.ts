import { isArn, nameFromArnOrName } from '../../core/index.js';
import type { CfnResource, SynthContext, SynthPart } from '../types.js';

/**
 * Synth helpers for kinds that name other resources (a queue's compute
 * environments, a rule's bus and targets, a subscription's topic): a `Ref`
 * when the template holds the other resource, else an ARN in the deploying
 * account; template Parameters a kind needs (networking placeholders); and
 * the IAM roles AWS services assume to reach targets.
 */

/**
 * A synth context that can also name the logical ids of the template's other
 * resources, by kind and key. The synthesizer passes `logicalIdOf` once it
 * supports it; without it, references are written as ARNs.
 */
export interface LinkedSynthContext extends SynthContext {
  logicalIdOf?(kind: string, key: string): string | undefined;
}

/** A CloudFormation template parameter. */
export interface CfnParameter {
  Type: string;
  Description?: string;
  Default?: string;
}

/** A synth part that also declares template Parameters (merged by name; the same declaration twice is one). */
export interface SynthPartWithParameters extends SynthPart {
  parameters: Record<string, CfnParameter>;
}

/** The logical id of the resource of `kind` and `key` in the same template, if the synthesizer says. */
export function siblingId(context: SynthContext, kind: string, key: string): string | undefined {
  return context.logicalIdOf?.(kind, key);
}

/** An ARN in the account, region and partition the stack deploys to. */
export function stackArn(service: string, resource: string): { 'Fn::Sub': string } {
  return {
    'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
  };
}

/**
 * How a template names another resource given by name or ARN: `{ Ref }` when
 * the template holds it (so CloudFormation also orders them), else the ARN as
 * written, else the ARN `arnOf` builds from the name.
 */
export function linkTo(
  context: SynthContext,
  kind: string,
  nameOrArn: string,
  arnOf: (name: string) => unknown,
): unknown {
  const name = nameFromArnOrName(nameOrArn);
  const id = siblingId(context, kind, name);
  if (id !== undefined) return { Ref: id };
  return isArn(nameOrArn) ? nameOrArn : arnOf(name);
}

/** One statement of an IAM policy. */
export interface PolicyStatement {
  Action: string[];
  Resource: unknown;
}

/** A role that the AWS service `principal` (`events.amazonaws.com`) assumes, allowed `statements`. */
export function serviceRole(
  principal: string,
  statements: PolicyStatement[],
  managedPolicyArns: unknown[] = [],
): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' },
        ],
      },
      ...(managedPolicyArns.length > 0 ? { ManagedPolicyArns: managedPolicyArns } : {}),
      ...(statements.length > 0
        ? {
            Policies: [
              {
                PolicyName: 'targets',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: statements.map((s) => ({ Effect: 'Allow', ...s })),
                },
              },
            ],
          }
        : {}),
    },
  };
}

/** An AWS managed policy's ARN in the deploying partition. */
export function managedPolicy(path: string): { 'Fn::Sub': string } {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${path}` };
}
