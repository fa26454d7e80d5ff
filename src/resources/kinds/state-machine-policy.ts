import { isPlainObject } from '../../core/index.js';

/**
 * The IAM actions a state machine's role needs, read from its definition's
 * Task resources (and distributed Map readers and writers), for the role the
 * AWS backend synthesizes when a spec gives no roleArn.
 */

/** Extra actions a `.sync` integration needs to watch and stop its job. */
const SYNC_ACTIONS: Record<string, string[]> = {
  batch: ['batch:DescribeJobs', 'batch:TerminateJob'],
  glue: ['glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
  ecs: ['ecs:DescribeTasks', 'ecs:StopTask', 'iam:PassRole'],
  states: ['states:DescribeExecution', 'states:StopExecution'],
  athena: ['athena:GetQueryExecution', 'athena:StopQueryExecution'],
  sagemaker: [
    'sagemaker:DescribeTrainingJob',
    'sagemaker:StopTrainingJob',
    'sagemaker:DescribeTransformJob',
    'sagemaker:StopTransformJob',
    'sagemaker:DescribeProcessingJob',
    'sagemaker:StopProcessingJob',
    'iam:PassRole',
  ],
};

/** The managed rule through which Step Functions learns that a `.sync` job ended. */
const SYNC_RULE_ACTIONS = ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'];

/** aws-sdk service names whose IAM prefix differs. */
const IAM_PREFIX: Record<string, string> = {
  sfn: 'states',
  eventbridge: 'events',
  cloudwatchlogs: 'logs',
  cloudwatch: 'cloudwatch',
};

/** API actions whose IAM action has another name. */
const IAM_ACTION: Record<string, string[]> = {
  's3:listObjectsV2': ['s3:ListBucket'],
  's3:listObjects': ['s3:ListBucket'],
  's3:headBucket': ['s3:ListBucket'],
  's3:headObject': ['s3:GetObject'],
  's3:deleteObjects': ['s3:DeleteObject'],
  's3:copyObject': ['s3:GetObject', 's3:PutObject'],
  's3:listBuckets': ['s3:ListAllMyBuckets'],
  'lambda:invoke': ['lambda:InvokeFunction'],
};

/** The sorted IAM actions the definition's integrations call. */
export function actionsFor(definition: unknown): string[] {
  const actions = new Set<string>();
  for (const resource of taskResources(definition)) {
    for (const action of actionsForResource(resource)) actions.add(action);
  }
  if (usesDistributedMap(definition)) {
    for (const a of ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'])
      actions.add(a);
  }
  return [...actions].sort();
}

function actionsForResource(resource: string): string[] {
  const parts = resource.split(':');
  if (parts[2] === 'lambda') return ['lambda:InvokeFunction'];
  if (parts[2] !== 'states' || parts[5] === undefined || parts[5].startsWith('activity')) return [];
  const rest = parts.slice(5).join(':');
  const sync = /\.sync(:2)?$/.test(rest);
  const body = rest.replace(/\.(sync(:2)?|waitForTaskToken)$/, '');
  const sdk = body.startsWith('aws-sdk:');
  const [service = '', action = ''] = (sdk ? body.slice('aws-sdk:'.length) : body).split(':');
  const prefix = IAM_PREFIX[service] ?? service;
  const named = IAM_ACTION[`${prefix}:${action}`] ?? [
    `${prefix}:${action.charAt(0).toUpperCase()}${action.slice(1)}`,
  ];
  if (!sync) return named;
  return [...named, ...(SYNC_ACTIONS[prefix] ?? []), ...SYNC_RULE_ACTIONS];
}

/** Every Task `Resource` and distributed Map reader/writer `Resource` in a definition. */
function taskResources(value: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (!isPlainObject(node)) return;
    if (node.Type === 'Task' && typeof node.Resource === 'string') out.push(node.Resource);
    for (const io of [node.ItemReader, node.ResultWriter]) {
      if (isPlainObject(io) && typeof io.Resource === 'string') out.push(io.Resource);
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return out;
}

function usesDistributedMap(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesDistributedMap);
  if (!isPlainObject(value)) return false;
  if (isPlainObject(value.ProcessorConfig) && value.ProcessorConfig.Mode === 'DISTRIBUTED')
    return true;
  return Object.values(value).some(usesDistributedMap);
}
