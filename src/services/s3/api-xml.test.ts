import { describe, expect, it } from 'vitest';
import { decodeAwsChunked, listObjectsV2Xml, parseDeleteXml } from './api-xml.js';

describe('S3 XML and framing', () => {
  it('undoes aws-chunked framing, with chunk signatures and trailers', () => {
    const framed = Buffer.from(
      '5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
      'latin1',
    );
    expect(decodeAwsChunked(framed).toString()).toBe('hello world');
    expect(() => decodeAwsChunked(Buffer.from('zz\r\nxx\r\n'))).toThrow(/not hexadecimal/);
  });

  it('reads DeleteObjects documents, unescaping keys', () => {
    const body =
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b &lt;1&gt;</Key></Object><Object><Key>c/&#x41;</Key></Object><Quiet>true</Quiet></Delete>';
    expect(parseDeleteXml(body)).toEqual({
      Objects: [{ Key: 'a&b <1>' }, { Key: 'c/A' }],
      Quiet: true,
    });
    expect(() => parseDeleteXml('<Nope/>')).toThrow(/MalformedXML|not well-formed/);
  });

  it('writes listings with escaped and, when asked, URL-encoded keys', () => {
    const out = {
      Name: 'b',
      Prefix: 'p/',
      MaxKeys: 1000,
      KeyCount: 1,
      IsTruncated: false,
      Contents: [
        {
          Key: 'p/a b&c.txt',
          LastModified: new Date(Date.UTC(2024, 0, 1)),
          ETag: '"e"',
          Size: 3,
          StorageClass: 'STANDARD' as const,
        },
      ],
      CommonPrefixes: [],
    };
    const plain = listObjectsV2Xml(out, (t) => t, false);
    expect(plain).toContain('<Key>p/a b&amp;c.txt</Key>');
    expect(plain).toContain(
      '<LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag>',
    );
    const encoded = listObjectsV2Xml(out, (t) => encodeURIComponent(t).replace(/%2F/g, '/'), true);
    expect(encoded).toContain('<Key>p/a%20b%26c.txt</Key>');
    expect(encoded).toContain('<EncodingType>url</EncodingType>');
  });
});
