/**
 * finetune: the fine-tune workflow of seed 002 — its module (resources and
 * the two JSONata state machines), the data-prep and fine-tune programs, and
 * the local ticket database (SQLite standing in for Aurora).
 */
export type { FinetuneConfig, FinetuneInputs } from './inputs.js';
export { completeFinetuneInputs, FinetuneModel, MODEL_NAMESPACE } from './inputs.js';
export { applyFinetuneModule, finetuneWorkflow } from './module.js';
export { endpointName } from './model-workflow.js';
export { finetunePrograms } from './programs.js';
export { parseBatchId } from './prep.js';
export type { SampleTicketOptions } from './sample-tickets.js';
export { sampleTickets, seedTicketDatabase } from './sample-tickets.js';
export { openTicketSource, ticketDatabaseFile } from './tickets-db.js';
