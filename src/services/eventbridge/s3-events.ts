import type { AccountScope, IdGenerator } from '../../core/index.js';
import type { EventBridgeEvent, S3ObjectNotification } from './types.js';

/**
 * S3 object notifications as EventBridge delivers them on the default bus:
 * source `aws.s3`, detail-type `Object Created` or `Object Deleted`, and the
 * detail shape of S3's EventBridge events (bucket, object, request id,
 * requester, reason). Locally every bucket sends them, as if each had
 * EventBridge notifications turned on.
 */

const REASONS: Record<string, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
  'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject',
};

/** Turns an S3 notification into the EventBridge event S3 would send. */
export function s3NotificationToEvent(
  notification: S3ObjectNotification,
  scope: AccountScope,
  ids: IdGenerator,
): EventBridgeEvent {
  const created = notification.eventName.startsWith('ObjectCreated');
  const requestId = ids.uuid().replace(/-/g, '').slice(0, 16).toUpperCase();
  const object: Record<string, unknown> = { key: notification.key };
  if (created) {
    object.size = notification.size ?? 0;
    object.etag = notification.eTag ?? '';
  }
  object.sequencer = notification.sequencer;
  const detail: Record<string, unknown> = {
    version: '0',
    bucket: { name: notification.bucket },
    object,
    'request-id': requestId,
    requester: scope.accountId,
    'source-ip-address': '127.0.0.1',
    reason: REASONS[notification.eventName] ?? (created ? 'PutObject' : 'DeleteObject'),
  };
  if (!created) {
    detail['deletion-type'] =
      notification.eventName === 'ObjectRemoved:DeleteMarkerCreated'
        ? 'Delete Marker Created'
        : 'Permanently Deleted';
  }
  return {
    version: '0',
    id: ids.uuid(),
    'detail-type': created ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: scope.accountId,
    time: notification.eventTime.replace(/\.\d{3}Z$/, 'Z'),
    region: notification.region,
    resources: [`arn:${scope.partition ?? 'aws'}:s3:::${notification.bucket}`],
    detail,
  };
}
