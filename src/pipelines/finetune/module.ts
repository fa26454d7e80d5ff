import type { Modelmill } from '../../modelmill.js';
import type { ApplyReport } from '../../resources/index.js';
import { applyResources } from '../../resources/index.js';
import type { FinetuneConfig, FinetuneInputs } from './inputs.js';
import { completeFinetuneInputs } from './inputs.js';
import { modelWorkflowDefinition } from './model-workflow.js';
import { DATA_PREP_PROGRAM, FINETUNE_PROGRAM } from './programs.js';
import { finetuneWorkflowDefinition } from './workflow.js';

/**
 * The fine-tune workflow module (seed 002) as resources: the data bucket, the
 * event bus, the image-version parameters under `ssm_image_path`, the three
 * images (data prep, fine-tune, inference) mapped to built-in programs, the
 * parent state machine and the two per-model state machines. The ECS cluster
 * the data-prep task runs in is created by `applyFinetuneModule` (ECS
 * clusters are no resource kind yet).
 */

/** A raw resource spec, validated by its kind when applied. */
export type ResourceSpec = { kind: string } & Record<string, unknown>;

/** Every resource of the fine-tune workflow. */
export function finetuneWorkflow(inputs: FinetuneInputs = {}): {
  config: FinetuneConfig;
  resources: ResourceSpec[];
} {
  const c = completeFinetuneInputs(inputs);
  const path = c.ssm_image_path;
  const v = c.image_versions;
  const resources: ResourceSpec[] = [
    { kind: 'bucket', name: c.s3_bucket_name },
    { kind: 'eventBus', name: c.event_bus_name },
    { kind: 'parameter', name: `${path}version-data-prep`, value: v['data-prep'] },
    { kind: 'parameter', name: `${path}version-finetune`, value: v.finetune },
    { kind: 'parameter', name: `${path}version-inference`, value: v.inference },
    {
      kind: 'image',
      uri: `${c.repositories['data-prep']}${v['data-prep']}`,
      program: DATA_PREP_PROGRAM,
    },
    { kind: 'image', uri: `${c.repositories.finetune}${v.finetune}`, program: FINETUNE_PROGRAM },
    { kind: 'image', uri: `${c.repositories.inference}${v.inference}`, program: FINETUNE_PROGRAM },
    {
      kind: 'stateMachine',
      name: c.sfn_names.general,
      definition: modelWorkflowDefinition(c, 'general'),
    },
    {
      kind: 'stateMachine',
      name: c.sfn_names.low_volume,
      definition: modelWorkflowDefinition(c, 'low_volume'),
    },
    { kind: 'stateMachine', name: c.workflow_name, definition: finetuneWorkflowDefinition(c) },
  ];
  return { config: c, resources };
}

/** Applies the module (stack `<app>-finetune`) and makes sure its ECS cluster exists. */
export async function applyFinetuneModule(
  mm: Modelmill,
  inputs: FinetuneInputs = {},
  options: { dryRun?: boolean } = {},
): Promise<{ config: FinetuneConfig; report: ApplyReport }> {
  const { config, resources } = finetuneWorkflow(inputs);
  const report = await applyResources(mm, resources, {
    stack: `${config.application_name}-finetune`,
    dryRun: options.dryRun ?? false,
  });
  if (!options.dryRun)
    await mm.services.ecs.createCluster({ clusterName: config.ecs_cluster_name });
  return { config, report };
}
