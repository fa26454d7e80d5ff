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
  {
    name: 'dapm-evaluation',
    module: new URL('./jobs/evaluation.js', import.meta.url),
    export: 'dapmEvaluation',
    description:
      'DAPM evaluation: metric per algorithm, winner, champions, model package, events, Athena tables (Glue job)',
  },
  {
    name: 'dapm-inference-summary',
    module: new URL('./jobs/inference-summary.js', import.meta.url),
    export: 'dapmInferenceSummary',
    description:
      'DAPM inference summary: rows scored and prediction range per algorithm and partition, events, Athena tables (Glue job)',
  },
];
