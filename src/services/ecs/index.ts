/**
 * services/ecs: Amazon ECS for modelmill — clusters (`default` always
 * exists), task definitions (a revision per registration, INACTIVE when
 * deregistered) and tasks (RunTask with container overrides and count,
 * DescribeTasks, StopTask, ListTasks; PROVISIONING → PENDING → RUNNING →
 * DEPROVISIONING → STOPPED with ECS's stop codes, reasons and container exit
 * codes). Each container runs on the job runtime with its image resolved
 * through the image registry; output goes to `/ecs` or the container's
 * awslogs group as `<prefix>/<container>/<task id>`. Also: the AWS SDK
 * adapter, the `ecs:runTask` (request-response, `.sync`,
 * `.waitForTaskToken`) and `aws-sdk:ecs` integrations, and ECS's JSON protocol.
 */
export type * from './types.js';
export { TaskStatus, TaskStopCode } from './types.js';
export type { LocalEcsOptions } from './local.js';
export { createLocalEcs } from './local.js';
export type { AwsEcsOptions } from './aws.js';
export { createAwsEcs } from './aws.js';
export type { EcsIntegrationOptions } from './integration.js';
export {
  ECS_SDK_ACTIONS,
  STOPPED_BY_STEP_FUNCTIONS,
  registerEcsIntegrations,
} from './integration.js';
export { ESSENTIAL_EXITED } from './runner.js';
export { DEFAULT_CLUSTER } from './names.js';
export { ecsApi } from './api.js';
