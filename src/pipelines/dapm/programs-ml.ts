import type { ProgramDefinition } from '../../runtime/index.js';

/** The DAPM model jobs (training, inference, evaluation, inference summary). */
export const mlPrograms: readonly ProgramDefinition[] = [
  {
    name: 'dapm-train',
    module: new URL('./jobs/train.js', import.meta.url),
    export: 'dapmTrain',
    description: 'DAPM training container: trains every algorithm of one partition (AWS Batch job)',
  },
  {
    name: 'dapm-infer',
    module: new URL('./jobs/infer.js', import.meta.url),
    export: 'dapmInfer',
    description:
      'DAPM inference container: scores one partition with its trained models (AWS Batch job)',
  },
];
