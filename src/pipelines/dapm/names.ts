import { ModelmillError } from '../../core/index.js';

/**
 * The estate's naming convention. Every DAPM resource name starts with the
 * prefix `np = {use_case}-{env}-{region without dashes}`, e.g.
 * `jenkins-pl-apsouth1`; `ctx` is `training` or `inferencing`.
 */

/** The two DAPM contexts. */
export const DapmContext = { Training: 'training', Inferencing: 'inferencing' } as const;
/** A DAPM context. */
export type DapmContext = (typeof DapmContext)[keyof typeof DapmContext];

/** What names are derived from. */
export interface UseCase {
  /** e.g. `jenkins` (lower-case letters, digits, `-`). */
  useCase: string;
  /** e.g. `pl`. */
  env: string;
  /** e.g. `ap-south-1`. */
  region: string;
}

/** Checks the parts of a name; errors name the part and the rule. */
export function checkUseCase(input: UseCase): void {
  const rules: Array<[keyof UseCase, RegExp, string]> = [
    [
      'useCase',
      /^[a-z][a-z0-9-]{0,29}$/,
      'lower-case letters, digits and -, starting with a letter, at most 30 characters',
    ],
    [
      'env',
      /^[a-z][a-z0-9]{0,9}$/,
      'lower-case letters and digits, starting with a letter, at most 10 characters',
    ],
    ['region', /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as ap-south-1'],
  ];
  for (const [field, pattern, rule] of rules) {
    if (!pattern.test(input[field])) {
      throw new ModelmillError(
        'InvalidUseCase',
        `--${field === 'useCase' ? 'use-case' : field} '${input[field]}' must be ${rule}`,
      );
    }
  }
}

/** The short form of a context: `train` or `inference`. */
export function shortContext(ctx: DapmContext): 'train' | 'inference' {
  return ctx === 'training' ? 'train' : 'inference';
}

/** Every name a use case's DAPM resources use. */
export function dapmNames(input: UseCase) {
  checkUseCase(input);
  const np = `${input.useCase}-${input.env}-${input.region.replace(/-/g, '')}`;
  const underscored = np.replace(/-/g, '_');
  const ssm = `/${np}-dapf-ssm`;
  const perContext = (ctx: DapmContext) => ({
    ssmPrefix: `${ssm}/${ctx}`,
    ecrPreprocessingParam: `${ssm}/${ctx}/ecr_preprocessing`,
    ecrJobParam: `${ssm}/${ctx}/ecr_${ctx}`,
    completeStatusParam: `${ssm}/${ctx}/${ctx}_complete_status`,
    liveJobDefinitionParam: `${ssm}/${ctx}/live_${ctx}_batch_job_definition`,
    stepFunctionInputsParam: `${ssm}/${ctx}_step_function_inputs`,
    inputTable: `${np}-${ctx}-input-table`,
    stateTable: `${np}-${ctx}-state-table`,
    metaTable: `${np}-${ctx}-meta-table`,
    glueJobs: {
      gatekeeper: `${np}-${ctx}-gatekeeper`,
      submit: `${np}-${ctx}-submit-awsbatch-statetable`,
      statusCheck: `${np}-${ctx}-job-awsbatch-status-check`,
      evaluation: `${np}-${ctx}-evaluation`,
      cleanup: `${np}-${ctx}-clean-up-job`,
    },
    jobQueue: `${np}-dapf-batch-${ctx}-job-queue`,
    jobDefinition: `${np}-dapf-batch-${ctx}-job-def`,
    computeEnvironment: `${np}-dapf-batch-${ctx}-ce`,
    internalBucket: `${np}-${ctx}-internal`,
    sharedBucket: `${np}-${ctx}-shared`,
    stateMachine: `${np}-modelops-${ctx}-orchestrator`,
    preprocessingRepository: `${np}-${ctx}-preprocessing`,
    jobRepository: `${np}-${ctx}-${shortContext(ctx)}`,
  });
  return {
    np,
    training: perContext('training'),
    inferencing: perContext('inferencing'),
    winnerAlgorithmParam: `${ssm}/training/winner_algorithm`,
    approvedModelPrefixParam: `${ssm}/training/approved_model_prefix_path`,
    analyticsBucket: `${np}-analytics-etl`,
    bus: `${np}-dapf-cb`,
    topic: `${np}-dapf-notifier`,
    modelPackageGroup: `${np}-dapf-mpg`,
    approvalRule: `${np}-dapf-model-approval`,
    dqDatabase: `${underscored}_data_quality`,
    dqTable: 'dqresults',
    batchJobName: `${np}-job`,
  };
}

/** All DAPM names of a use case. */
export type DapmNames = ReturnType<typeof dapmNames>;
