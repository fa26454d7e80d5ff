// Starts a TypeScript module in a worker thread: `--import tsx` does not reach
// worker entry points on Node 20, so the worker registers tsx itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
