import { ModelmillError, isPlainObject } from '../../core/index.js';
import type { ApiModule } from '../../server/index.js';
import { jsonOperation } from '../../server/index.js';
import type { FirehoseRecord, FirehoseService } from './types.js';

/**
 * The Firehose JSON 1.1 protocol (`X-Amz-Target: Firehose_20150804.PutRecord`),
 * as `@aws-sdk/client-firehose` and `aws firehose ... --endpoint-url` speak it:
 * record data travels base64-encoded, timestamps as epoch seconds.
 */

/** A wire record (`{"Data": "<base64>"}`) as the port's record. */
function recordFromWire(record: unknown): FirehoseRecord {
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
  return {
    signingName: 'firehose',
    json: {
      targetPrefix: 'Firehose_20150804',
      operations: {
        CreateDeliveryStream: jsonOperation((i) => firehose.createDeliveryStream(i)),
        DescribeDeliveryStream: jsonOperation((i) => firehose.describeDeliveryStream(i)),
        ListDeliveryStreams: jsonOperation((i) => firehose.listDeliveryStreams(i)),
        DeleteDeliveryStream: jsonOperation((i) => firehose.deleteDeliveryStream(i)),
        PutRecord: jsonOperation((i) =>
          firehose.putRecord({ ...i, Record: recordFromWire(i.Record) }),
        ),
        PutRecordBatch: jsonOperation((i) =>
          firehose.putRecordBatch({
            ...i,
            Records: Array.isArray(i.Records) ? i.Records.map(recordFromWire) : i.Records,
          }),
        ),
      },
    },
  };
}
