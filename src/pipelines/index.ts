/**
 * pipelines: the shipped pipelines — their ASL definitions, the resources
 * they need, and the programs their jobs run.
 */
export { builtinPrograms } from './programs.js';
export { applyDapmModule, dapmResources, defaultInputs } from './dapm/module.js';
export type { DapmModuleOptions } from './dapm/module.js';
export { dapmNames, DapmContext } from './dapm/names.js';
export type { DapmNames, UseCase } from './dapm/names.js';
export { writeSampleData } from './dapm/sample-data.js';
export {
  followRun,
  loadInputs,
  progressLine,
  runProgress,
  startRun,
  summarizeRun,
} from './dapm/run.js';
export type { RunSummary } from './dapm/run.js';
export { completeInputs, contextInputs, parseInputsDocument } from './dapm/inputs.js';
export {
  applyFinetuneModule,
  completeFinetuneInputs,
  endpointName,
  finetuneWorkflow,
  parseBatchId,
  seedTicketDatabase,
} from './finetune/index.js';
export type { FinetuneConfig, FinetuneInputs } from './finetune/index.js';
