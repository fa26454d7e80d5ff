import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import type { FirehoseClientConfig } from '@aws-sdk/client-firehose';
import { callSdk } from '../common/index.js';
import type { FirehoseRecord, FirehoseService } from './types.js';

/**
 * The Firehose port over `@aws-sdk/client-firehose`; SDK exceptions become
 * ModelmillErrors with the same code (ResourceNotFoundException, ...).
 */

/** Options of the AWS adapter. */
export interface AwsFirehoseOptions {
  /** A ready client; when absent one is built from `clientConfig`. */
  client?: FirehoseClient;
  /** Region, endpoint, credentials. Default: the SDK's defaults from the environment. */
  clientConfig?: FirehoseClientConfig;
}

/** The SDK's answer without `$metadata` and undefined fields; dates stay dates. */
function plain(value: unknown): any {
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    if (key !== '$metadata' && inner !== undefined) out[key] = plain(inner);
  return out;
}

const bytes = (record: FirehoseRecord) => ({
  Data: typeof record.Data === 'string' ? Buffer.from(record.Data, 'utf8') : record.Data,
});

/** Creates the AWS-backed Firehose port. */
export function createAwsFirehose(options: AwsFirehoseOptions = {}): FirehoseService {
  const client = options.client ?? new FirehoseClient(options.clientConfig ?? {});
  const send = <T>(command: unknown): Promise<T> =>
    callSdk<T>(() => client.send(command as never), { output: plain });
  return {
    createDeliveryStream: (input) => send(new CreateDeliveryStreamCommand(input as never)),
    describeDeliveryStream: (input) => send(new DescribeDeliveryStreamCommand(input)),
    listDeliveryStreams: (input = {}) => send(new ListDeliveryStreamsCommand(input as never)),
    deleteDeliveryStream: (input) => send(new DeleteDeliveryStreamCommand(input)),
    putRecord: (input) => send(new PutRecordCommand({ ...input, Record: bytes(input.Record) })),
    putRecordBatch: (input) =>
      send(new PutRecordBatchCommand({ ...input, Records: input.Records.map(bytes) })),
  };
}
