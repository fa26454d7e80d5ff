import type { StateMachineDefinition } from '../../asl/index.js';
import type { DapmNames } from './names.js';

/**
 * The approval hand-off (SYSTEMS.md §1 "Approval and inference"): a rule on
 * the default bus matches `aws.sagemaker` / `SageMaker Model Package State
 * Change` events of the use case's model package group with status
 * `Approved`, and starts this state machine with the event, which writes the
 * winning algorithm and the approved model prefix to the parameters the
 * inference gatekeeper reads.
 */

/** The rule's event pattern. */
export function approvalEventPattern(names: DapmNames): Record<string, unknown> {
  return {
    source: ['aws.sagemaker'],
    'detail-type': ['SageMaker Model Package State Change'],
    detail: { ModelPackageGroupName: [names.modelPackageGroup], ModelApprovalStatus: ['Approved'] },
  };
}

/** The approval state machine: two parameter writes from the event's CustomerMetadataProperties. */
export function approvalDefinition(names: DapmNames): StateMachineDefinition {
  const write = (name: string, path: string, next?: string) => ({
    Type: 'Task' as const,
    Resource: 'arn:aws:states:::aws-sdk:ssm:putParameter',
    Parameters: { Name: name, 'Value.$': path, Type: 'String', Overwrite: true },
    ResultPath: null,
    ...(next ? { Next: next } : { End: true }),
  });
  return {
    Comment: `Records the approved model of ${names.modelPackageGroup} for inference.`,
    StartAt: 'Write Winner Algorithm',
    States: {
      'Write Winner Algorithm': write(
        names.winnerAlgorithmParam,
        '$.detail.CustomerMetadataProperties.winning_algo',
        'Write Approved Model Prefix',
      ),
      'Write Approved Model Prefix': write(
        names.approvedModelPrefixParam,
        '$.detail.CustomerMetadataProperties.winningalgos3uri',
      ),
    },
  };
}
