import type { ProgramDefinition } from '../../runtime/index.js';

/** The data-prep container's program (`prepare <BatchID>`, run by ECS RunTask). */
export const DATA_PREP_PROGRAM = 'gata-data-prep';
/** The fine-tune container's program (`train` / `serve`, the SageMaker container contract). */
export const FINETUNE_PROGRAM = 'gata-finetune';

/** The fine-tune workflow's programs. */
export const finetunePrograms: readonly ProgramDefinition[] = [
  {
    name: DATA_PREP_PROGRAM,
    module: new URL('./jobs/prepare.js', import.meta.url),
    export: 'prepareProgram',
    description:
      'fine-tune data prep: tickets from the database → general / low-volume train and test JSON lines in S3 (ECS task)',
  },
  {
    name: FINETUNE_PROGRAM,
    module: new URL('./jobs/finetune.js', import.meta.url),
    export: 'finetuneProgram',
    description:
      'fine-tune container: train a text classifier (a local stand-in for BERT) and serve it (SageMaker contract)',
  },
];
