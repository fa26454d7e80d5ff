import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { callSdk, createSdkSender, fromSdk, fromSdkError } from './sdk.js';

/** An error shaped as the SDK v3 throws them. */
function sdkError(name: string, status?: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

describe('fromSdk', () => {
  it('drops $metadata and undefined fields, deeply, and turns dates into epoch seconds', () => {
    expect(
      fromSdk({
        $metadata: { httpStatusCode: 200 },
        Job: { CreatedAt: new Date(1_700_000_000_500), Gone: undefined, Tags: ['a'] },
        List: [{ T: new Date(0) }],
      }),
    ).toEqual({ Job: { CreatedAt: 1_700_000_000.5, Tags: ['a'] }, List: [{ T: 0 }] });
  });

  it('keeps bytes by default and gives base64 when asked', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(fromSdk({ Payload: bytes }).Payload).toBe(bytes);
    expect(fromSdk({ B: [bytes] }, { bytes: 'base64' })).toEqual({ B: ['AQI='] });
  });
});

describe('fromSdkError', () => {
  it('keeps the code and message, with a server fault only for 5xx answers', () => {
    const client = fromSdkError(sdkError('ClientException', 400));
    expect(isModelmillError(client, 'ClientException')).toBe(true);
    expect((client as Error).message).toBe('ClientException happened');
    expect((client as { fault: string }).fault).toBe('client');
    expect((fromSdkError(sdkError('ServerException', 503)) as { fault: string }).fault).toBe(
      'server',
    );
  });

  it('renames the code when asked and leaves errors that are not the SDK alone', () => {
    const renamed = fromSdkError(sdkError('NotFoundException'), {
      code: (name) => name.replace(/Exception$/, ''),
    });
    expect(isModelmillError(renamed, 'NotFound')).toBe(true);
    const plain = new Error('socket hang up');
    expect(fromSdkError(plain)).toBe(plain);
  });
});

describe('createSdkSender', () => {
  it('translates answers and failures with the defaults or the given converters', async () => {
    let fail = false;
    const client = {
      send: async (command: unknown) => {
        if (fail) throw sdkError('ValidationException', 400);
        return { $metadata: {}, Echo: command, At: new Date(2000) };
      },
    };
    expect(await createSdkSender(client)('x')).toEqual({ Echo: 'x', At: 2 });
    const custom = createSdkSender(client, {
      output: (value) => ({ wrapped: value }),
      error: () => new Error('custom'),
    });
    expect((await custom<{ wrapped: { Echo: string } }>('y')).wrapped.Echo).toBe('y');
    fail = true;
    await expect(createSdkSender(client)('z')).rejects.toSatisfy((err) =>
      isModelmillError(err, 'ValidationException'),
    );
    await expect(custom('z')).rejects.toThrow('custom');
  });

  it('callSdk translates a call that is not a command', async () => {
    await expect(callSdk(async () => ({ N: 1, $metadata: {} }))).resolves.toEqual({ N: 1 });
    await expect(
      callSdk(async () => {
        throw sdkError('ResourceNotFound', 404);
      }),
    ).rejects.toSatisfy((err) => isModelmillError(err, 'ResourceNotFound'));
  });
});
