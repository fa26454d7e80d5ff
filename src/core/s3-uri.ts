import { ModelmillError } from './errors.js';

/** A bucket and a key (or key prefix). */
export interface S3Location {
  bucket: string;
  key: string;
}

/** True when `text` is an `s3://` or `s3a://` URI. */
export function isS3Uri(text: string): boolean {
  return /^s3a?:\/\//.test(text);
}

/** Parses `s3://bucket/key/with/slashes`; the key may be empty (`s3://bucket/`). */
export function parseS3Uri(text: string): S3Location {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(text);
  if (!match) {
    throw new ModelmillError(
      'InvalidS3Uri',
      `'${text}' is not an S3 URI: expected s3://<bucket>/<key>`,
    );
  }
  return { bucket: match[1] ?? '', key: match[2] ?? '' };
}

/** Formats `s3://bucket/key`. */
export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
