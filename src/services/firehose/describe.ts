import type { StreamRow } from './store.js';
import type {
  DeliveryStreamDescription,
  DeliveryStreamStatus,
  S3DestinationDescription,
} from './types.js';

/** DescribeDeliveryStream's answer for a stored stream. */
export function describeStream(
  row: StreamRow,
  status: DeliveryStreamStatus,
): DeliveryStreamDescription {
  const { destination } = row.config;
  const s3: S3DestinationDescription = {
    RoleARN: destination.RoleARN ?? '',
    BucketARN: destination.BucketARN,
    ...(destination.Prefix === undefined ? {} : { Prefix: destination.Prefix }),
    ...(destination.ErrorOutputPrefix === undefined
      ? {}
      : { ErrorOutputPrefix: destination.ErrorOutputPrefix }),
    BufferingHints: destination.BufferingHints,
    CompressionFormat: destination.CompressionFormat,
    EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
  };
  const extended: S3DestinationDescription | undefined = row.config.extended
    ? {
        ...s3,
        ...(destination.ProcessingConfiguration
          ? { ProcessingConfiguration: destination.ProcessingConfiguration }
          : {}),
        S3BackupMode: 'Disabled',
      }
    : undefined;
  return {
    DeliveryStreamName: row.name,
    DeliveryStreamARN: row.arn,
    DeliveryStreamStatus: status,
    DeliveryStreamType: 'DirectPut',
    VersionId: String(row.version),
    CreateTimestamp: new Date(row.createdAt),
    Destinations: [
      {
        DestinationId: 'destinationId-000000000001',
        S3DestinationDescription: s3,
        ...(extended ? { ExtendedS3DestinationDescription: extended } : {}),
      },
    ],
    HasMoreDestinations: false,
  };
}
