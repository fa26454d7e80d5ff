import { ModelmillError, isPlainObject } from '../../core/index.js';
import type { ApiModule, JsonHandler } from '../../server/index.js';
import type { FirehoseRecord, FirehoseService } from './types.js';

/**
 * The Firehose JSON 1.1 protocol (`X-Amz-Target: Firehose_20150804.PutRecord`),
 * as `@aws-sdk/client-firehose` and `aws firehose ... --endpoint-url` speak it:
 * record data travels base64-encoded, timestamps as epoch seconds.
 */

/** Dates become epoch seconds, the JSON protocols' timestamp form. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = toWire(field);
    return out;
  }
  return value;
}

/** A wire record (`{"Data": "<base64>"}`) as the port's record. */
export function recordFromWire(record: unknown): FirehoseRecord {
  const data = isPlainObject(record) ? record.Data : undefined;
  if (typeof data !== 'string')
    throw new ModelmillError(
      'InvalidArgumentException',
      'Record.Data is required: base64-encoded bytes',
    );
  return { Data: Buffer.from(data, 'base64') };
}

/** The Firehose operations served over HTTP. */
export function firehoseApi(firehose: FirehoseService): ApiModule {
  const op =
    (run: (input: any) => Promise<unknown>): JsonHandler =>
    async (input: unknown) =>
      toWire(await run(isPlainObject(input) ? input : {}));
  return {
    signingName: 'firehose',
    json: {
      targetPrefix: 'Firehose_20150804',
      operations: {
        CreateDeliveryStream: op((i) => firehose.createDeliveryStream(i)),
        DescribeDeliveryStream: op((i) => firehose.describeDeliveryStream(i)),
        ListDeliveryStreams: op((i) => firehose.listDeliveryStreams(i)),
        DeleteDeliveryStream: op((i) => firehose.deleteDeliveryStream(i)),
        PutRecord: op((i) => firehose.putRecord({ ...i, Record: recordFromWire(i.Record) })),
        PutRecordBatch: op((i) =>
          firehose.putRecordBatch({
            ...i,
            Records: Array.isArray(i.Records) ? i.Records.map(recordFromWire) : i.Records,
          }),
        ),
      },
    },
  };
}
