import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionCode } from '../common/index.js';
import type { EventBridgeService } from './types.js';

/**
 * The contract every EventBridgeService adapter keeps: run against the
 * embedded adapter in every test run, and against AWS (or any EventBridge
 * endpoint) when one is configured. It asserts behaviour EventBridge itself
 * shows and matches error messages on AWS's own wording.
 */

/** Runs the contract suite against the adapter `makeAdapter` builds. */
export function runEventBridgeContract(
  name: string,
  makeAdapter: () => EventBridgeService | Promise<EventBridgeService>,
): void {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const bus = `mm-contract-${suffix}`;
  let eb: EventBridgeService;

  describe(`EventBridge contract: ${name}`, () => {
    beforeAll(async () => {
      eb = await makeAdapter();
      await eb.createEventBus({ Name: bus });
    });
    afterAll(async () => {
      for (const rule of (await eb.listRules({ EventBusName: bus })).Rules) {
        const targets = await eb.listTargetsByRule({ Rule: rule.Name, EventBusName: bus });
        if (targets.Targets.length > 0)
          await eb.removeTargets({
            Rule: rule.Name,
            EventBusName: bus,
            Ids: targets.Targets.map((t) => t.Id),
          });
        await eb.deleteRule({ Name: rule.Name, EventBusName: bus });
      }
      await eb.deleteEventBus({ Name: bus });
    });

    it('creates, describes and lists buses; the default bus always exists', async () => {
      const described = await eb.describeEventBus({ Name: bus });
      expect(described.Name).toBe(bus);
      expect(described.Arn).toMatch(new RegExp(`^arn:aws:events:[^:]+:\\d{12}:event-bus/${bus}$`));
      expect((await eb.describeEventBus({})).Name).toBe('default');
      const listed = await eb.listEventBuses({ NamePrefix: bus });
      expect(listed.EventBuses.map((b) => b.Name)).toEqual([bus]);
      const again = await rejectionCode(eb.createEventBus({ Name: bus }));
      expect(again.code).toBe('ResourceAlreadyExistsException');
      const missing = await rejectionCode(eb.describeEventBus({ Name: `${bus}-missing` }));
      expect(missing.code).toBe('ResourceNotFoundException');
    });

    it('puts, describes, lists, disables and enables rules', async () => {
      const pattern = JSON.stringify({ source: ['mm.contract'], 'detail-type': ['done'] });
      const { RuleArn } = await eb.putRule({
        Name: 'r1',
        EventBusName: bus,
        EventPattern: pattern,
        Description: 'first',
      });
      expect(RuleArn).toMatch(new RegExp(`:rule/${bus}/r1$`));
      await eb.putRule({ Name: 'r2', EventBusName: bus, EventPattern: pattern, State: 'DISABLED' });
      const rule = await eb.describeRule({ Name: 'r1', EventBusName: bus });
      expect(rule).toMatchObject({
        Name: 'r1',
        Arn: RuleArn,
        State: 'ENABLED',
        EventBusName: bus,
        Description: 'first',
      });
      expect(JSON.parse(rule.EventPattern ?? '{}')).toEqual(JSON.parse(pattern));
      const page1 = await eb.listRules({ EventBusName: bus, NamePrefix: 'r', Limit: 1 });
      expect(page1.Rules.map((r) => r.Name)).toEqual(['r1']);
      expect(page1.NextToken).toBeDefined();
      const page2 = await eb.listRules({
        EventBusName: bus,
        NamePrefix: 'r',
        Limit: 1,
        NextToken: page1.NextToken!,
      });
      expect(page2.Rules.map((r) => [r.Name, r.State])).toEqual([['r2', 'DISABLED']]);
      await eb.enableRule({ Name: 'r2', EventBusName: bus });
      expect((await eb.describeRule({ Name: 'r2', EventBusName: bus })).State).toBe('ENABLED');
      await eb.disableRule({ Name: 'r2', EventBusName: bus });
      expect((await eb.describeRule({ Name: 'r2', EventBusName: bus })).State).toBe('DISABLED');
    });

    it('names a missing rule and its bus', async () => {
      const missing = await rejectionCode(eb.describeRule({ Name: 'nope', EventBusName: bus }));
      expect(missing.code).toBe('ResourceNotFoundException');
      expect(missing.message).toContain(`Rule nope does not exist on EventBus ${bus}`);
    });

    it('rejects an invalid event pattern with InvalidEventPatternException', async () => {
      const bad = await rejectionCode(
        eb.putRule({ Name: 'bad', EventBusName: bus, EventPattern: '{"source": "x"}' }),
      );
      expect(bad.code).toBe('InvalidEventPatternException');
      expect(bad.message).toContain(
        'Event pattern is not valid. Reason: "source" must be an object or an array',
      );
    });

    it('manages targets and refuses to delete a rule that has some', async () => {
      const pattern = JSON.stringify({ source: ['mm.targets'] });
      await eb.putRule({ Name: 'with-targets', EventBusName: bus, EventPattern: pattern });
      const put = await eb.putTargets({
        Rule: 'with-targets',
        EventBusName: bus,
        Targets: [
          { Id: 't1', Arn: 'arn:aws:sns:us-east-1:000000000000:mm-contract-topic' },
          {
            Id: 't2',
            Arn: 'arn:aws:sns:us-east-1:000000000000:mm-contract-topic',
            InputPath: '$.detail',
          },
        ],
      });
      expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
      const listed = await eb.listTargetsByRule({ Rule: 'with-targets', EventBusName: bus });
      expect(listed.Targets.map((t) => [t.Id, t.InputPath])).toEqual([
        ['t1', undefined],
        ['t2', '$.detail'],
      ]);
      const refused = await rejectionCode(
        eb.deleteRule({ Name: 'with-targets', EventBusName: bus }),
      );
      expect(refused.code).toBe('ValidationException');
      expect(refused.message).toContain("Rule can't be deleted since it has targets.");
      await eb.removeTargets({ Rule: 'with-targets', EventBusName: bus, Ids: ['t1', 't2'] });
      expect(
        (await eb.listTargetsByRule({ Rule: 'with-targets', EventBusName: bus })).Targets,
      ).toEqual([]);
      await eb.deleteRule({ Name: 'with-targets', EventBusName: bus });
      expect(
        (await rejectionCode(eb.describeRule({ Name: 'with-targets', EventBusName: bus }))).code,
      ).toBe('ResourceNotFoundException');
    });

    it('accepts events, with per-entry errors for bad entries', async () => {
      const out = await eb.putEvents({
        Entries: [
          { Source: 'mm.contract', DetailType: 'done', Detail: '{"a":1}', EventBusName: bus },
          { Source: 'mm.contract', DetailType: 'done', Detail: 'not json', EventBusName: bus },
          { Source: 'mm.contract', Detail: '{}', EventBusName: bus },
        ],
      });
      expect(out.FailedEntryCount).toBe(2);
      expect(out.Entries[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.Entries[1]).toMatchObject({
        ErrorCode: 'MalformedDetail',
        ErrorMessage: 'Detail is malformed.',
      });
      expect(out.Entries[2]).toMatchObject({ ErrorCode: 'InvalidArgument' });
      expect(out.Entries[2]?.ErrorMessage).toContain(
        'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      );
    });

    it('refuses more than 10 entries and more than 256 KB', async () => {
      const entry = { Source: 'mm.contract', DetailType: 'done', Detail: '{}', EventBusName: bus };
      const many = await rejectionCode(
        eb.putEvents({ Entries: Array.from({ length: 11 }, () => entry) }),
      );
      expect(many.code).toBe('ValidationException');
      expect(many.message).toContain('Member must have length less than or equal to 10');
      const big = { ...entry, Detail: JSON.stringify({ pad: 'x'.repeat(140_000) }) };
      const large = await rejectionCode(eb.putEvents({ Entries: [big, big] }));
      expect(large.code).toBe('ValidationException');
      expect(large.message).toContain('Total size of the entries in the request is over the limit');
    });

    it('tests event patterns', async () => {
      const event = JSON.stringify({
        id: '1',
        account: '123456789012',
        source: 'mm.contract',
        time: '2024-01-01T00:00:00Z',
        region: 'us-east-1',
        'detail-type': 'done',
        resources: [],
        detail: { n: 7 },
      });
      const yes = await eb.testEventPattern({
        EventPattern: '{"detail":{"n":[{"numeric":[">",5]}]}}',
        Event: event,
      });
      const no = await eb.testEventPattern({
        EventPattern: '{"detail":{"n":[{"numeric":["<",5]}]}}',
        Event: event,
      });
      expect([yes.Result, no.Result]).toEqual([true, false]);
      const bad = await rejectionCode(
        eb.testEventPattern({ EventPattern: '{"detail":{"n":[{"numeric":[">"]}]}}', Event: event }),
      );
      expect(bad.code).toBe('InvalidEventPatternException');
    });
  });
}
