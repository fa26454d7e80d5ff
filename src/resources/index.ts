/**
 * resources: the resource model. A use case declares buckets, parameters,
 * tables, state machines, ... once, as specs checked by each kind's schema;
 * `applyResources` applies them to the embedded services (idempotent, with
 * what each stack created remembered in SQLite so `removeStack` undoes
 * exactly that), and `synthTemplate` writes the same resources as a
 * CloudFormation template. Kinds live in `kinds/`, one module each.
 */
export * from './types.js';
export type { KindRegistry } from './registry.js';
export { createKindRegistry } from './registry.js';
export {
  builtinKinds,
  bucketKind,
  parameterKind,
  stateMachineKind,
  tableKind,
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
  referenceOrderIssues,
  referencesOf,
} from './kinds/index.js';
export type { ResourceReference } from './kinds/index.js';
export type { BucketSpec } from './kinds/bucket.js';
export type { ParameterSpec } from './kinds/parameter.js';
export type { TableSpec } from './kinds/table.js';
export type { StateMachineSpec } from './kinds/state-machine.js';
export type { GlueJobSpec } from './kinds/glue-job-spec.js';
export type { FunctionSpec } from './kinds/function-spec.js';
export type { ModelPackageGroupSpec } from './kinds/model-package-group.js';
export type { CompiledResource, CompileResult, CompileResourcesOptions } from './config.js';
export {
  DEFAULT_CONFIG_FILE,
  compileResources,
  defaultStackName,
  loadResourceConfig,
  resolveConfigPath,
  stackNamedIn,
} from './config.js';
export type { ConfigParameter } from './config-params.js';
export { parseParamFlags } from './config-params.js';
export type { ConfigIssue } from './issues.js';
export { formatIssue } from './issues.js';
export type { ApplyOptions, ApplyReport, ResourceChange } from './apply.js';
export { ResourceAction, applyCompiled, applyResources } from './apply.js';
export type { RemoveReport, RemoveStackOptions } from './remove.js';
export { listStacks, removeStack, stackForSource } from './remove.js';
export type { StackRecord } from './ledger.js';
export type { CfnTemplate, SynthOptions, SynthResult } from './synth.js';
export { synthTemplate } from './synth.js';
export { baseLogicalId } from './logical-id.js';
export { assertStackName, stackNameFrom } from './stack-name.js';
export { formatApplyReport, formatChange, formatRemoveReport, summarize } from './report.js';
