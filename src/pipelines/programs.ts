import type { ProgramDefinition } from '../runtime/index.js';
import { mlPrograms } from './dapm/programs-ml.js';
import { SAGEMAKER_PROGRAMS } from '../services/sagemaker/index.js';
import { orchestrationPrograms } from './dapm/programs-orchestration.js';
import { finetunePrograms } from './finetune/programs.js';
import { streamingPrograms } from './streaming/programs.js';

/**
 * The built-in programs the shipped pipelines' jobs run (gatekeeper,
 * preprocessing, training, evaluation, ...), by name. Every instance
 * registers them, and `modelmill job <name>` runs them in a container or a
 * shell exactly as the runtime runs them in a worker thread.
 */
export const builtinPrograms: readonly ProgramDefinition[] = [
  ...SAGEMAKER_PROGRAMS,
  ...orchestrationPrograms,
  ...mlPrograms,
  ...finetunePrograms,
  ...streamingPrograms,
];
