/**
 * finetune: the fine-tune workflow of seed 002 — its module (resources and
 * the two JSONata state machines), the data-prep and fine-tune programs, and
 * the local ticket database (SQLite standing in for Aurora).
 */
export type { FinetuneConfig, FinetuneInputs } from './inputs.js';
export { completeFinetuneInputs } from './inputs.js';
export { applyFinetuneModule, finetuneWorkflow } from './module.js';
export { endpointName } from './model-workflow.js';
export { parseBatchId } from './prep.js';
export { seedTicketDatabase } from './sample-tickets.js';
