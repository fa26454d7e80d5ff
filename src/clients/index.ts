/**
 * clients: what a job program uses to reach the services. A program runs in a
 * worker thread, a child process or a container — never beside the services'
 * in-memory state — so it talks to them the way it would on AWS: through the
 * AWS SDK adapters of each service (the same ports the embedded adapters
 * implement), configured from the run's environment. Locally the runtime sets
 * `AWS_ENDPOINT_URL` to the instance's HTTP API and `MODELMILL_HOME` to its
 * home, so programs can also read S3 objects as plain files.
 */
import { join } from 'node:path';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { AthenaService } from '../services/athena/index.js';
import { createAwsAthena } from '../services/athena/index.js';
import type { BatchService } from '../services/batch/index.js';
import { createAwsBatch } from '../services/batch/index.js';
import type { TableStore } from '../services/dynamodb/index.js';
import { createAwsDynamoDb } from '../services/dynamodb/index.js';
import type { EventBridgeService } from '../services/eventbridge/index.js';
import { createAwsEventBridge } from '../services/eventbridge/index.js';
import type { ObjectStore } from '../services/s3/index.js';
import { createAwsS3 } from '../services/s3/index.js';
import type { SageMakerService } from '../services/sagemaker/index.js';
import { createAwsSageMaker } from '../services/sagemaker/index.js';
import type { SnsService } from '../services/sns/index.js';
import { createAwsSns } from '../services/sns/index.js';
import type { ParameterStore } from '../services/ssm/index.js';
import { createAwsSsm } from '../services/ssm/index.js';
import { ModelmillError, parseS3Uri } from '../core/index.js';

/** The services a program can reach; each is built on first use. */
export interface ServiceClients {
  readonly region: string;
  readonly s3: ObjectStore;
  readonly ssm: ParameterStore;
  readonly dynamodb: TableStore;
  readonly batch: BatchService;
  readonly events: EventBridgeService;
  readonly sns: SnsService;
  readonly athena: AthenaService;
  /** SageMaker (and SageMaker Runtime); `AWS_ENDPOINT_URL_SAGEMAKER` overrides the endpoint, as in the AWS SDKs. */
  readonly sagemaker: SageMakerService;
  /**
   * The local file behind an `s3://` URI (object or prefix) when the program
   * runs against a local instance, else undefined (read through `s3` then).
   */
  localPath(uri: string): string | undefined;
}

/** The variables a run must carry for its programs to reach a local instance. */
export function runEnvironment(
  endpoint: string,
  options: { region: string; home: string },
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ACCESS_KEY_ID: 'modelmill',
    AWS_SECRET_ACCESS_KEY: 'modelmill',
    MODELMILL_HOME: options.home,
  };
}

/**
 * The AWS SDK logger of job clients. The SDK's logging middleware builds a
 * redacted copy of every request and response for `logger.info` — work a
 * no-op logger throws away, and a large share of a small call's cost — but
 * only when the logger has an `info` method; this one has none.
 */
const sdkLogger = {
  debug() {},
  warn() {},
  error() {},
} as unknown as NonNullable<DynamoDBClientConfig['logger']>;

/** Service clients configured from a run's environment (`AWS_ENDPOINT_URL`, `AWS_REGION`, ...). */
export function clientsFromEnv(env: Record<string, string | undefined>): ServiceClients {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new ModelmillError(
      'MissingRegion',
      'the job has no AWS_REGION: run it through modelmill (which sets it) or export AWS_REGION',
    );
  }
  const endpoint = env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const config = {
    region,
    logger: sdkLogger,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  const home = env.MODELMILL_HOME;
  const cache = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!cache.has(name)) cache.set(name, make());
    return cache.get(name) as T;
  };
  return {
    region,
    get s3() {
      return once('s3', () =>
        createAwsS3({ clientConfig: { ...config, forcePathStyle: endpoint !== undefined } }),
      );
    },
    get ssm() {
      return once('ssm', () => createAwsSsm({ clientConfig: config }));
    },
    get dynamodb() {
      return once('dynamodb', () => createAwsDynamoDb({ config }));
    },
    get batch() {
      return once('batch', () => createAwsBatch({ config }));
    },
    get events() {
      return once('events', () => createAwsEventBridge({ config }));
    },
    get sns() {
      return once('sns', () => createAwsSns({ config }));
    },
    get athena() {
      return once('athena', () => createAwsAthena({ config }));
    },
    get sagemaker() {
      const own = env.AWS_ENDPOINT_URL_SAGEMAKER;
      return once('sagemaker', () =>
        createAwsSageMaker({ config: { ...config, ...(own ? { endpoint: own } : {}) } }),
      );
    },
    localPath(uri) {
      if (!home || !endpoint) return undefined;
      const { bucket, key } = parseS3Uri(uri);
      return join(home, 'objects', bucket, ...key.split('/').filter((part) => part !== ''));
    },
  };
}
