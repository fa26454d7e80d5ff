import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { runSnsContract } from './contract.js';
import type { LocalSnsOptions } from './local.js';
import { createLocalSns } from './local.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

runSnsContract('local (SQLite in memory)', () =>
  createLocalSns({
    db: openDatabase(':memory:'),
    scope,
    home: mkdtempSync(join(tmpdir(), 'mm-sns-')),
  }),
);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function setup(extra: Partial<LocalSnsOptions> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'mm-sns-'));
  const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
  const sns = createLocalSns({
    db: openDatabase(':memory:'),
    scope,
    home,
    clock,
    ids: createSequentialIds(),
    smtpUrl: '',
    ...extra,
  });
  return { sns, home, clock };
}

interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP endpoint that records POSTs and answers with the given statuses (then 200). */
async function endpoint(statuses: number[] = []) {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/hook`, requests };
}

function decodeQp(text: string): string {
  return Buffer.from(
    text
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

function readMail(dir: string): { headers: Record<string, string>; body: string }[] {
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const headers = Object.fromEntries(
        head
          .split(/\r\n(?![ \t])/)
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      );
      return { headers, body: decodeQp(rest.join('\r\n\r\n')) };
    });
}

describe('local SNS: e-mail', () => {
  it('writes RFC 5322 messages to the outbox, with the display name as sender', async () => {
    const { sns } = setup();
    const { TopicArn } = await sns.createTopic({
      Name: 'jenkins-pl-apsouth1-dapf-notifier',
      Attributes: { DisplayName: 'DAPF' },
    });
    await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ml-team@example.com' });
    await sns.subscribe({ TopicArn, Protocol: 'email-json', Endpoint: 'bot@example.com' });
    const { MessageId } = await sns.publish({
      TopicArn,
      Subject: 'jenkins Training Status:',
      Message: 'SUCCEEDED\nrun orch-e1 — 3 models',
    });
    await sns.idle();
    const [json, plain] = readMail(sns.outbox).sort((a, b) =>
      a.headers.To!.localeCompare(b.headers.To!),
    );
    expect(plain?.headers).toMatchObject({
      From: '"DAPF" <no-reply@sns.amazonaws.com>',
      To: 'ml-team@example.com',
      Subject: 'jenkins Training Status:',
      Date: 'Tue, 02 Jan 2024 03:04:05 +0000',
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Transfer-Encoding': 'quoted-printable',
      'X-Amz-Sns-Message-Id': MessageId,
    });
    expect(plain?.headers['Message-ID']).toMatch(/^<.+@sns\.modelmill\.local>$/);
    expect(plain?.body).toContain('SUCCEEDED\r\nrun orch-e1 — 3 models');
    expect(plain?.body).toContain('?Action=Unsubscribe&SubscriptionArn=');
    const envelope = JSON.parse(json?.body ?? '{}');
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn,
      Subject: 'jenkins Training Status:',
      Message: 'SUCCEEDED\nrun orch-e1 — 3 models',
      Timestamp: '2024-01-02T03:04:05.000Z',
    });
    const log = sns.listNotifications({ topic: 'jenkins-pl-apsouth1-dapf-notifier' });
    expect(log.map((n) => [n.protocol, n.status, n.subject])).toEqual([
      ['email-json', 'DELIVERED', 'jenkins Training Status:'],
      ['email', 'DELIVERED', 'jenkins Training Status:'],
    ]);
    expect(log[1]?.detail).toMatch(/outbox\/20240102T030405Z-.+\.eml$/);
  });

  it('encodes non-ASCII subjects as RFC 2047 words and relays through SMTP when configured', async () => {
    const received: string[] = [];
    const smtp = createTcpServer((socket) => {
      let data = false;
      let buffer = '';
      socket.write('220 fake ESMTP\r\n');
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        let i: number;
        while ((i = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (data) {
            if (line === '.') {
              data = false;
              socket.write('250 2.0.0 queued as 42\r\n');
            } else received.push(line);
            continue;
          }
          received.push(`> ${line}`);
          if (line.startsWith('EHLO')) socket.write('250-fake\r\n250 AUTH PLAIN\r\n');
          else if (line.startsWith('AUTH PLAIN')) socket.write('235 ok\r\n');
          else if (line === 'DATA') {
            data = true;
            socket.write('354 go\r\n');
          } else if (line === 'QUIT') socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => smtp.close(() => resolve())));
    const port = (smtp.address() as { port: number }).port;
    const { sns } = setup({ smtpUrl: `smtp://user:secret@127.0.0.1:${port}` });
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' });
    await sns.publish({ TopicArn, Subject: 'Status', Message: '.leading dot line' });
    await sns.idle();
    expect(received).toContain(`> AUTH PLAIN ${Buffer.from('\0user\0secret').toString('base64')}`);
    expect(received).toContain('> MAIL FROM:<no-reply@sns.amazonaws.com>');
    expect(received).toContain('> RCPT TO:<ops@example.com>');
    expect(received).toContain('Subject: Status');
    expect(received).toContain('..leading dot line');
    expect(sns.listNotifications()[0]?.detail).toContain('relayed: 250 2.0.0 queued as 42');
    const { buildMail } = await import('./email.js');
    const mail = buildMail({
      fromName: 'x',
      fromAddress: 'a@b.c',
      to: 'd@e.f',
      subject: 'Statut: réussi ✓',
      date: 0,
      messageId: 'm@x',
      body: 'é',
    });
    expect(mail).toContain(
      `Subject: =?UTF-8?B?${Buffer.from('Statut: réussi ✓').toString('base64')}?=`,
    );
    expect(mail).toContain('\r\n\r\n=C3=A9\r\n');
  });
});

describe('local SNS: HTTP endpoints', () => {
  it('POSTs the JSON envelope with SNS headers, or the raw message', async () => {
    const { sns } = setup();
    const hook = await endpoint();
    const raw = await endpoint();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    const { SubscriptionArn } = await sns.subscribe({
      TopicArn,
      Protocol: 'http',
      Endpoint: hook.url,
    });
    await sns.subscribe({
      TopicArn,
      Protocol: 'http',
      Endpoint: raw.url,
      Attributes: { RawMessageDelivery: 'true' },
    });
    const { MessageId } = await sns.publish({
      TopicArn,
      Subject: 's',
      Message: 'm',
      MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
    });
    await sns.idle();
    expect(hook.requests[0]?.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': TopicArn,
      'x-amz-sns-subscription-arn': SubscriptionArn,
    });
    const body = JSON.parse(hook.requests[0]?.body ?? '{}');
    expect(body).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn,
      Subject: 's',
      Message: 'm',
      Timestamp: '2024-01-02T03:04:05.000Z',
      SignatureVersion: '1',
      MessageAttributes: { k: { Type: 'String', Value: 'v' } },
    });
    expect(body.UnsubscribeURL).toBe(
      `http://127.0.0.1:8083/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(SubscriptionArn)}`,
    );
    expect(raw.requests[0]?.body).toBe('m');
  });

  it('retries a down endpoint with back-off on the clock, then records the failure', async () => {
    const { sns, clock } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    await sns.subscribe({ TopicArn, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/down' });
    const start = clock.now();
    const out = await sns.publish({ TopicArn, Message: 'm' });
    expect(out.MessageId).toBeDefined();
    await sns.idle();
    expect(clock.now() - start).toBe(3 * 20_000);
    const [record] = sns.listNotifications();
    expect(record).toMatchObject({
      status: 'FAILED',
      attempts: 4,
      endpoint: 'http://127.0.0.1:9/down',
    });
    expect(record?.error).toContain('POST http://127.0.0.1:9/down failed');
  });

  it('delivers once the endpoint recovers, within the delivery policy', async () => {
    const { sns, clock } = setup();
    const hook = await endpoint([500, 503]);
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    const policy = JSON.stringify({
      healthyRetryPolicy: {
        numRetries: 2,
        minDelayTarget: 1,
        maxDelayTarget: 4,
        backoffFunction: 'exponential',
      },
    });
    await sns.subscribe({
      TopicArn,
      Protocol: 'http',
      Endpoint: hook.url,
      Attributes: { DeliveryPolicy: policy },
    });
    const start = clock.now();
    await sns.publish({ TopicArn, Message: 'm' });
    await sns.idle();
    expect(hook.requests).toHaveLength(3);
    expect(clock.now() - start).toBe(1000 + 4000);
    expect(sns.listNotifications()[0]).toMatchObject({
      status: 'DELIVERED',
      attempts: 3,
      detail: 'HTTP 200',
    });
  });

  it('sends a SubscriptionConfirmation and waits for ConfirmSubscription when not auto-confirming', async () => {
    const { sns } = setup({ autoConfirm: false });
    const hook = await endpoint();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    const pending = await sns
      .subscribe({ TopicArn, Protocol: 'https', Endpoint: hook.url.replace('http:', 'https:') })
      .catch((e: Error) => e);
    expect(pending).toEqual({ SubscriptionArn: 'pending confirmation' });
    const { SubscriptionArn } = await sns.subscribe({
      TopicArn,
      Protocol: 'http',
      Endpoint: hook.url,
    });
    expect(SubscriptionArn).toBe('pending confirmation');
    await sns.idle();
    const confirmation = JSON.parse(hook.requests[0]?.body ?? '{}');
    expect(confirmation).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn });
    expect(confirmation.SubscribeURL).toContain(`Token=${confirmation.Token}`);
    expect(
      (await sns.listSubscriptionsByTopic({ TopicArn })).Subscriptions[1]?.SubscriptionArn,
    ).toBe('PendingConfirmation');
    await sns.publish({ TopicArn, Message: 'before' });
    const confirmed = await sns.confirmSubscription({ TopicArn, Token: confirmation.Token });
    expect(confirmed.SubscriptionArn.startsWith(`${TopicArn}:`)).toBe(true);
    await sns.publish({ TopicArn, Message: 'after' });
    await sns.idle();
    expect(hook.requests.map((r) => JSON.parse(r.body).Message)).toEqual([
      confirmation.Message,
      'after',
    ]);
    await expect(sns.confirmSubscription({ TopicArn, Token: 'nope' })).rejects.toMatchObject({
      code: 'InvalidParameter',
    });
  });
});

describe('local SNS: filter policies and other protocols', () => {
  it('filters on message attributes and on the message body; filtered deliveries are recorded', async () => {
    const invoked: Array<[string, string]> = [];
    const { sns } = setup({
      ports: { invokeFunction: async (arn, payload) => void invoked.push([arn, payload]) },
    });
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    await sns.subscribe({
      TopicArn,
      Protocol: 'lambda',
      Endpoint: 'arn:aws:lambda:ap-south-1:123456789012:function:attrs',
      Attributes: {
        FilterPolicy: JSON.stringify({
          stage: [{ prefix: 'clean' }],
          runs: [{ numeric: ['>=', 2] }],
          tags: ['gpu'],
        }),
      },
    });
    await sns.subscribe({
      TopicArn,
      Protocol: 'lambda',
      Endpoint: 'arn:aws:lambda:ap-south-1:123456789012:function:body',
      Attributes: {
        FilterPolicyScope: 'MessageBody',
        FilterPolicy: JSON.stringify({ status: { code: [{ 'anything-but': ['FAILED'] }] } }),
      },
    });
    const attrs = (runs: string) => ({
      stage: { DataType: 'String', StringValue: 'cleanup' },
      runs: { DataType: 'Number', StringValue: runs },
      tags: { DataType: 'String.Array', StringValue: '["cpu","gpu"]' },
    });
    await sns.publish({
      TopicArn,
      Message: '{"status":{"code":"SUCCEEDED"}}',
      MessageAttributes: attrs('2'),
    });
    await sns.publish({
      TopicArn,
      Message: '{"status":{"code":"FAILED"}}',
      MessageAttributes: attrs('1'),
    });
    await sns.idle();
    expect(invoked.map(([arn]) => arn.split(':').pop())).toEqual(['attrs', 'body']);
    const event = JSON.parse(invoked[0]![1]);
    expect(event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        Message: '{"status":{"code":"SUCCEEDED"}}',
        MessageAttributes: { runs: { Type: 'Number', Value: '2' } },
      },
    });
    expect(
      sns
        .listNotifications()
        .map((n) => n.status)
        .sort(),
    ).toEqual(['DELIVERED', 'DELIVERED', 'FILTERED', 'FILTERED']);
  });

  it('rejects invalid filter policies, naming the place', async () => {
    const { sns } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    const sub = (policy: object, scope?: string) =>
      sns.subscribe({
        TopicArn,
        Protocol: 'email',
        Endpoint: 'a@b.cd',
        Attributes: {
          FilterPolicy: JSON.stringify(policy),
          ...(scope ? { FilterPolicyScope: scope } : {}),
        },
      });
    await expect(sub({ a: [{ wildcard: 'x*' }] })).rejects.toThrow(
      /Invalid parameter: FilterPolicy: Unrecognized match type wildcard/,
    );
    await expect(sub({ a: { b: ['x'] } })).rejects.toThrow(/does not support nested filter policy/);
    await expect(
      sub({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }),
    ).rejects.toThrow(/can not have more than 5 keys/);
    await expect(
      sub({
        a: Array.from({ length: 20 }, (_, i) => i),
        b: Array.from({ length: 10 }, (_, i) => i),
      }),
    ).rejects.toThrow(/too complex/);
    await expect(sub({ a: [{ numeric: ['>'] }] })).rejects.toThrow(
      /Value of > must be numeric\n at \[Source: \(String\)"\{"a":\[\{"numeric":\[">"\]\}\]\}"; line: 1, column: 23\]/,
    );
    await expect(sub({ a: ['x'] }, 'Everything')).rejects.toThrow(/FilterPolicyScope/);
  });

  it('sends per-protocol messages with MessageStructure json', async () => {
    const { sns } = setup();
    const hook = await endpoint();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    await sns.subscribe({ TopicArn, Protocol: 'http', Endpoint: hook.url });
    await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'a@b.cd' });
    await sns.publish({
      TopicArn,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'short', http: 'for http' }),
    });
    await sns.idle();
    expect(JSON.parse(hook.requests[0]?.body ?? '{}').Message).toBe('for http');
    expect(readMail(sns.outbox)[0]?.body.startsWith('short')).toBe(true);
    await expect(
      sns.publish({ TopicArn, MessageStructure: 'json', Message: '{"http":"x"}' }),
    ).rejects.toThrow(/No default entry in JSON message body/);
  });

  it('validates messages, subjects and attributes', async () => {
    const { sns } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    await expect(
      sns.publish({ TopicArn, Message: 'x', Subject: 'two\nlines' }),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
    await expect(sns.publish({ TopicArn, Message: 'x'.repeat(262_145) })).rejects.toThrow(
      /Message too long/,
    );
    await expect(
      sns.publish({
        TopicArn,
        Message: 'x',
        MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } },
      }),
    ).rejects.toMatchObject({ code: 'ParameterValueInvalid' });
    await expect(
      sns.publish({
        TopicArn,
        Message: 'x',
        MessageAttributes: { n: { DataType: 'Text', StringValue: 'a' } },
      }),
    ).rejects.toThrow(/supported type prefixes is Binary, Number, and String/);
    await expect(
      sns.subscribe({ TopicArn, Protocol: 'sms', Endpoint: '+15555550100' }),
    ).rejects.toThrow(/does not deliver sms locally/);
    await expect(
      sns.subscribe({ TopicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' }),
    ).rejects.toThrow(/does not support this protocol string: carrier-pigeon/);
    await expect(
      sns.subscribe({ TopicArn, Protocol: 'http', Endpoint: 'ftp://x' }),
    ).rejects.toThrow(/does not match protocol http/);
    await expect(
      sns.subscribe({
        TopicArn,
        Protocol: 'email',
        Endpoint: 'a@b.cd',
        Attributes: { RawMessageDelivery: 'true' },
      }),
    ).rejects.toThrow(/does not support raw message delivery/);
    await expect(
      sns.createTopic({ Name: 't', Attributes: { DisplayName: 'other' } }),
    ).rejects.toThrow(/Topic already exists with different attributes/);
  });

  it('numbers FIFO messages and drops duplicates within five minutes', async () => {
    const { sns } = setup();
    await expect(sns.createTopic({ Name: 'plain.fifo' })).rejects.toThrow(/FifoTopic=true/);
    const { TopicArn } = await sns.createTopic({
      Name: 'runs.fifo',
      Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
    });
    await expect(sns.publish({ TopicArn, Message: 'a' })).rejects.toThrow(
      /MessageGroupId parameter is required/,
    );
    const first = await sns.publish({ TopicArn, Message: 'a', MessageGroupId: 'g' });
    const second = await sns.publish({ TopicArn, Message: 'b', MessageGroupId: 'g' });
    const duplicate = await sns.publish({ TopicArn, Message: 'a', MessageGroupId: 'g' });
    expect([first.SequenceNumber, second.SequenceNumber]).toEqual([
      '00000000000000000001',
      '00000000000000000002',
    ]);
    expect(duplicate).toEqual(first);
  });

  it('fails batch entries one by one and refuses bad batches', async () => {
    const { sns } = setup();
    const { TopicArn } = await sns.createTopic({ Name: 't' });
    const out = await sns.publishBatch({
      TopicArn,
      PublishBatchRequestEntries: [
        { Id: 'ok', Message: 'x' },
        { Id: 'bad', Message: '' },
      ],
    });
    expect(out.Successful.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([
      {
        Id: 'bad',
        Code: 'InvalidParameter',
        Message: 'Invalid parameter: Empty message',
        SenderFault: true,
      },
    ]);
    await expect(
      sns.publishBatch({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'x' },
          { Id: 'a', Message: 'y' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'BatchEntryIdsNotDistinct' });
    await expect(
      sns.publishBatch({ TopicArn, PublishBatchRequestEntries: [] }),
    ).rejects.toMatchObject({ code: 'EmptyBatchRequest' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'x' }));
    await expect(
      sns.publishBatch({ TopicArn, PublishBatchRequestEntries: eleven }),
    ).rejects.toMatchObject({ code: 'TooManyEntriesInBatchRequest' });
  });
});
