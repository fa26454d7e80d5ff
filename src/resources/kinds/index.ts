import type { AnyResourceKind } from '../types.js';
import { athenaDatabaseKind } from './athena-database.js';
import { athenaTableKind } from './athena-table.js';
import { bucketKind } from './bucket.js';
import { computeEnvironmentKind } from './compute-environment.js';
import { deliveryStreamKind } from './delivery-stream.js';
import { eventBusKind } from './event-bus.js';
import { functionKind } from './function.js';
import { glueJobKind } from './glue-job.js';
import { imageKind } from './image.js';
import { jobDefinitionKind } from './job-definition.js';
import { jobQueueKind } from './job-queue.js';
import { modelPackageGroupKind } from './model-package-group.js';
import { parameterKind } from './parameter.js';
import { ruleKind } from './rule.js';
import { stateMachineKind } from './state-machine.js';
import { subscriptionKind } from './subscription.js';
import { tableKind } from './table.js';
import { topicKind } from './topic.js';

/**
 * The built-in resource kinds. To add a kind, write one module beside these
 * (a `ResourceKind` made with `defineKind`) and add it to this list.
 */
export const builtinKinds: readonly AnyResourceKind[] = [
  bucketKind,
  parameterKind,
  tableKind,
  stateMachineKind,
  computeEnvironmentKind,
  jobQueueKind,
  jobDefinitionKind,
  imageKind,
  eventBusKind,
  ruleKind,
  topicKind,
  subscriptionKind,
  athenaDatabaseKind,
  athenaTableKind,
  glueJobKind,
  functionKind,
  modelPackageGroupKind,
  deliveryStreamKind,
];

export { bucketKind, parameterKind, stateMachineKind, tableKind };
export { computeEnvironmentKind, jobQueueKind, jobDefinitionKind, imageKind };
export { eventBusKind, ruleKind, topicKind, subscriptionKind };
export { athenaDatabaseKind, athenaTableKind };
export { glueJobKind, functionKind, modelPackageGroupKind, deliveryStreamKind };
export type { ResourceReference } from './references.js';
export { referenceOrderIssues, referencesOf } from './references.js';
export type { CfnParameter, LinkedSynthContext, SynthPartWithParameters } from './synth-links.js';
