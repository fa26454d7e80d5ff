import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEvents } from '../../src/cli/commands/events.js';
import { registerNotifications } from '../../src/cli/commands/notifications.js';
import { createLocalEventBridge } from '../../src/services/eventbridge/index.js';
import { createLocalSns } from '../../src/services/sns/index.js';
import { openDatabase } from '../../src/store/index.js';

/** `modelmill events` and `modelmill notifications` over a temporary MODELMILL_HOME. */

let home: string;
let eventId = '';
const saved = process.env.MODELMILL_HOME;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-cli-events-'));
  process.env.MODELMILL_HOME = home;
  const db = openDatabase(join(home, 'modelmill.db'));
  const scope = { region: 'us-east-1', accountId: '000000000000' };
  const sns = createLocalSns({ db, scope, home, smtpUrl: '' });
  const { TopicArn } = await sns.createTopic({ Name: 'np-dapf-notifier' });
  await sns.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ml@example.com' });
  await sns.subscribe({
    TopicArn,
    Protocol: 'lambda',
    Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:none',
  });
  const events = createLocalEventBridge({
    db,
    scope,
    targets: {
      publish: (arn, message) =>
        sns.publish({ TopicArn: arn, Message: message, Subject: 'Model monitoring' }),
    },
  });
  await events.createEventBus({ Name: 'np-dapf-cb' });
  await events.putRule({
    Name: 'monitor',
    EventBusName: 'np-dapf-cb',
    EventPattern: '{"source":["jenkins.modelquality"]}',
  });
  await events.putTargets({
    Rule: 'monitor',
    EventBusName: 'np-dapf-cb',
    Targets: [{ Id: 'mail', Arn: TopicArn, InputPath: '$.detail.text' }],
  });
  const out = await events.putEvents({
    Entries: [
      {
        Source: 'jenkins.modelquality',
        DetailType: 'model_monitoring_event',
        Detail: '{"text":"drift ok"}',
        EventBusName: 'np-dapf-cb',
      },
      {
        Source: 'jenkins.dataquality',
        DetailType: 'data_quality_event',
        Detail: '{}',
        EventBusName: 'np-dapf-cb',
      },
    ],
  });
  eventId = out.Entries[0]!.EventId!;
  await events.idle();
  await sns.idle();
  db.close();
});

afterAll(() => {
  if (saved === undefined) delete process.env.MODELMILL_HOME;
  else process.env.MODELMILL_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  let code = 0;
  const program = new Command('modelmill').exitOverride();
  const setExit = (c: number) => {
    code = c;
  };
  registerEvents(program, setExit);
  registerNotifications(program, setExit);
  const chunks: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, out: chunks.join('') };
}

describe('modelmill events', () => {
  it('lists events with their rules and delivery outcomes, filtered by bus and source', async () => {
    const all = await cli('events', 'list', '--bus', 'np-dapf-cb');
    expect(all.code).toBe(0);
    const lines = all.out.trim().split('\n');
    expect(lines[0]).toMatch(/^RECEIVED\s+BUS\s+SOURCE\s+DETAIL-TYPE\s+RULES\s+DELIVERIES\s+ID$/);
    expect(lines[1]).toMatch(
      /np-dapf-cb\s+jenkins\.dataquality\s+data_quality_event\s+-\s+no rule matched/,
    );
    expect(lines[2]).toMatch(
      /np-dapf-cb\s+jenkins\.modelquality\s+model_monitoring_event\s+monitor\s+1 ok/,
    );
    const json = JSON.parse(
      (await cli('events', 'list', '--source', 'jenkins.modelquality', '--output', 'json')).out,
    );
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      id: eventId,
      matchedRules: ['monitor'],
      deliveries: [{ targetId: 'mail', status: 'SUCCEEDED', input: '"drift ok"' }],
    });
    expect((await cli('events', 'list', '--bus', 'default')).out).toContain('no events recorded');
  });

  it('shows one event, and says when there is none', async () => {
    const shown = JSON.parse((await cli('events', 'show', eventId)).out);
    expect(shown.event.detail).toEqual({ text: 'drift ok' });
    const missing = await cli('events', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("no event with id 'nope' is recorded");
  });
});

describe('modelmill notifications', () => {
  it('lists deliveries with status, subject and where they went', async () => {
    const listed = await cli('notifications', 'list', '--topic', 'np-dapf-notifier');
    const lines = listed.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^TIME\s+TOPIC\s+PROTOCOL\s+ENDPOINT\s+STATUS\s+ATTEMPTS\s+SUBJECT\s+DETAIL$/,
    );
    expect(listed.out).toMatch(
      /np-dapf-notifier\s+email\s+ml@example\.com\s+DELIVERED\s+1\s+Model monitoring\s+.*\.eml/,
    );
    expect(listed.out).toMatch(
      /lambda\s+arn:aws:lambda:us-east-1:000000000000:function:none\s+FAILED\s+1\s+Model monitoring\s+no local function runner is wired/,
    );
    const failed = JSON.parse(
      (await cli('notifications', 'list', '--status', 'failed', '--output', 'json')).out,
    );
    expect(failed.map((n: { protocol: string }) => n.protocol)).toEqual(['lambda']);
    const bad = await cli('notifications', 'list', '--status', 'LOST');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--status must be one of PENDING, DELIVERED, FAILED, FILTERED');
  });
});
