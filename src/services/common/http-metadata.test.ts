import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import { responseHeaders, sdkMetadata, withHttpMetadata } from './http-metadata.js';

const clock = createFakeClock(Date.UTC(2024, 4, 1, 12, 0, 0));

describe('withHttpMetadata', () => {
  it('adds the headers of a JSON answer, in wire order, and the request id', () => {
    const out = withHttpMetadata(
      { JobId: 'j', Name: 'né' },
      { requestId: 'r-1', clock, contentType: 'application/json', keepAlive: true },
    );
    const http = out.SdkHttpMetadata as { HttpHeaders: Record<string, string> };
    expect(out.JobId).toBe('j');
    expect(Object.keys(http.HttpHeaders)).toEqual([
      'Connection',
      'Content-Length',
      'Content-Type',
      'Date',
      'x-amzn-RequestId',
    ]);
    expect(http.HttpHeaders['Content-Length']).toBe(
      String(Buffer.byteLength('{"JobId":"j","Name":"né"}')),
    );
    expect(http.HttpHeaders.Date).toBe('Wed, 01 May 2024 12:00:00 GMT');
    expect(out.SdkResponseMetadata).toEqual({ RequestId: 'r-1' });
    expect(out.SdkHttpMetadata).toMatchObject({
      AllHttpHeaders: { 'Content-Type': ['application/json'], 'x-amzn-RequestId': ['r-1'] },
      HttpStatusCode: 200,
    });
  });

  it('counts a given body, and puts further headers between Date and the request id', () => {
    const out = withHttpMetadata(
      { MessageId: 'm' },
      { requestId: 'r', clock, contentType: 'text/xml', body: '<x/>', headers: { Server: 'S' } },
    );
    const headers = (out.SdkHttpMetadata as { HttpHeaders: Record<string, string> }).HttpHeaders;
    expect(headers).toEqual({
      'Content-Length': '4',
      'Content-Type': 'text/xml',
      Date: 'Wed, 01 May 2024 12:00:00 GMT',
      Server: 'S',
      'x-amzn-RequestId': 'r',
    });
    expect(Object.keys(headers).at(-2)).toBe('Server');
  });
});

describe('sdkMetadata', () => {
  it('carries the given status and lists every header as a one-value array', () => {
    const headers = responseHeaders({ requestId: 'r', clock, contentType: 'a/b', body: '' });
    const meta = sdkMetadata(headers, 'r', 202);
    expect(meta.SdkHttpMetadata.HttpStatusCode).toBe(202);
    expect(meta.SdkHttpMetadata.AllHttpHeaders).toEqual(
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    );
  });
});
