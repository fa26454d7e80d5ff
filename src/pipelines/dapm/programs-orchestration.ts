import type { ProgramDefinition } from '../../runtime/index.js';

/** The DAPM orchestration jobs (gatekeeper, preprocessing, submit, status check, cleanup). */
export const orchestrationPrograms: readonly ProgramDefinition[] = [
  {
    name: 'dapm-gatekeeper',
    module: new URL('./jobs/gatekeeper.js', import.meta.url),
    export: 'gatekeeper',
    description:
      'DAPM gatekeeper: image tags, data-quality gate, mapping JSON (and the approved model for inference); writes the run meta item',
  },
  {
    name: 'dapm-preprocessing',
    module: new URL('./jobs/preprocessing.js', import.meta.url),
    export: 'preprocessing',
    description:
      'DAPM preprocessing: splits the data by primary key and mapping into Parquet partitions and input-table items',
  },
  {
    name: 'dapm-submit',
    module: new URL('./jobs/submit.js', import.meta.url),
    export: 'submit',
    description: 'DAPM submit: one AWS Batch job and one state-table item per partition',
  },
  {
    name: 'dapm-status-check',
    module: new URL('./jobs/status-check.js', import.meta.url),
    export: 'statusCheck',
    description:
      'DAPM status check: refreshes job states, re-runs first failures at double resources, sets the completion flag',
  },
  {
    name: 'dapm-cleanup',
    module: new URL('./jobs/cleanup.js', import.meta.url),
    export: 'cleanup',
    description:
      'DAPM cleanup: terminates unfinished jobs, deletes the run items, resets the flag, mails the outcome',
  },
];
