import { formatArn } from '../../core/index.js';
import type { CatalogState } from './catalog-state.js';
import { checkState } from './catalog-state.js';
import { batchArn, checkName, clientError, refName } from './names.js';
import type {
  ComputeEnvironmentDetail,
  CreateComputeEnvironmentInput,
  UpdateComputeEnvironmentInput,
} from './types.js';

/** CreateComputeEnvironment, UpdateComputeEnvironment and DeleteComputeEnvironment. */

function checkMaxvCpus(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw clientError(
      `${field} must be a whole number of vCPUs, 0 or more (got ${JSON.stringify(value ?? null)})`,
    );
  }
}

/** CreateComputeEnvironment. */
export function createComputeEnvironment(
  state: CatalogState,
  input: CreateComputeEnvironmentInput,
) {
  const { ces, scope, ids } = state;
  const name = checkName(input.computeEnvironmentName, 'computeEnvironmentName');
  if (input.type !== 'MANAGED' && input.type !== 'UNMANAGED') {
    throw clientError(
      `type must be MANAGED or UNMANAGED (got ${JSON.stringify(input.type ?? null)})`,
    );
  }
  if (input.type === 'MANAGED') {
    if (!input.computeResources)
      throw clientError(
        `computeResources is required for the MANAGED compute environment '${name}'`,
      );
    checkMaxvCpus(input.computeResources.maxvCpus, 'computeResources.maxvCpus');
  }
  if (ces.has(name)) throw clientError(`Object already exists: compute environment '${name}'`);
  const arn = batchArn(scope, 'compute-environment', name);
  state.saveCe({
    computeEnvironmentName: name,
    computeEnvironmentArn: arn,
    ecsClusterArn: formatArn(scope, 'ecs', `cluster/${name}_Batch_${ids.uuid().slice(0, 8)}`),
    ...(input.tags ? { tags: input.tags } : {}),
    type: input.type,
    state: checkState(input.state, 'state') ?? 'ENABLED',
    status: 'VALID',
    statusReason: 'ComputeEnvironment Healthy',
    ...(input.unmanagedvCpus === undefined ? {} : { unmanagedvCpus: input.unmanagedvCpus }),
    ...(input.computeResources ? { computeResources: input.computeResources } : {}),
    ...(input.serviceRole ? { serviceRole: input.serviceRole } : {}),
    containerOrchestrationType: 'ECS',
    uuid: ids.uuid(),
  });
  return { computeEnvironmentName: name, computeEnvironmentArn: arn };
}

/** UpdateComputeEnvironment: state, vCPUs (the pool follows), service role. */
export function updateComputeEnvironment(
  state: CatalogState,
  input: UpdateComputeEnvironmentInput,
) {
  const ce = state.requireCe(input.computeEnvironment);
  if (input.computeResources?.maxvCpus !== undefined)
    checkMaxvCpus(input.computeResources.maxvCpus, 'computeResources.maxvCpus');
  const next: ComputeEnvironmentDetail = {
    ...ce,
    state: checkState(input.state, 'state') ?? ce.state,
    ...(input.unmanagedvCpus === undefined ? {} : { unmanagedvCpus: input.unmanagedvCpus }),
    ...(input.computeResources
      ? { computeResources: { ...ce.computeResources, ...input.computeResources } }
      : {}),
    ...(input.serviceRole ? { serviceRole: input.serviceRole } : {}),
  };
  state.saveCe(next);
  return {
    computeEnvironmentName: next.computeEnvironmentName,
    computeEnvironmentArn: next.computeEnvironmentArn,
  };
}

/** DeleteComputeEnvironment: only a DISABLED environment no queue uses. */
export function deleteComputeEnvironment(state: CatalogState, ref: string): void {
  const { ces, queues, pools, db } = state;
  const ce = state.requireCe(ref);
  if (ce.state !== 'DISABLED') {
    throw clientError(
      `Cannot delete compute environment '${ce.computeEnvironmentName}' while it is ENABLED: disable it first (UpdateComputeEnvironment state=DISABLED)`,
    );
  }
  const user = [...queues.values()].find((q) =>
    q.computeEnvironmentOrder.some(
      (o) => refName(o.computeEnvironment) === ce.computeEnvironmentName,
    ),
  );
  if (user)
    throw clientError(
      `Cannot delete, found existing JobQueue relationship: job queue '${user.jobQueueName}' uses compute environment '${ce.computeEnvironmentName}'`,
    );
  ces.delete(ce.computeEnvironmentName);
  pools.delete(ce.computeEnvironmentName);
  db.prepare('DELETE FROM batch_compute_environments WHERE name = ?').run(
    ce.computeEnvironmentName,
  );
}
