import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import {
  ModelmillError,
  isPlainObject,
  randomIds,
  silentLogger,
  systemClock,
} from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { Catalog } from './catalog.js';
import { DEFAULT_BUS } from './names.js';
import { compileEventPattern } from './pattern.js';
import { Router, eventTime } from './router.js';
import { s3NotificationToEvent } from './s3-events.js';
import { createScheduler } from './scheduler.js';
import { EventLog } from './event-log.js';
import { EventBridgeStore } from './store.js';
import type { EventBridgeEvent, LocalEventBridge, TargetPorts } from './types.js';

/** What the embedded EventBridge needs. */
export interface LocalEventBridgeOptions {
  /** The instance's database; the service keeps its tables there (owner `eventbridge`). */
  db: SqliteDatabase;
  /** Account and region of bus and rule ARNs and of events. */
  scope: AccountScope;
  /** Event times, schedules and retry back-off. Default: the system clock. */
  clock?: Clock;
  /** Event ids. Default: random UUIDs. */
  ids?: IdGenerator;
  /** Default: silent. */
  logger?: Logger;
  /** How targets are reached; wire later with `connect`. Default: none (deliveries fail, recorded). */
  targets?: TargetPorts;
  /** Retries of a failing target when its RetryPolicy does not say. Default 2. */
  defaultRetries?: number;
  /** First retry back-off in ms, doubling per retry. Default 1000. */
  retryBaseMs?: number;
}

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/**
 * The embedded EventBridge: buses, rules and targets in SQLite, rules
 * compiled and indexed for matching, deliveries through the target ports,
 * every event recorded with the rules it matched and each delivery's outcome.
 */
export function createLocalEventBridge(options: LocalEventBridgeOptions): LocalEventBridge {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? silentLogger;
  const store = new EventBridgeStore(options.db);
  const log = new EventLog(options.db);
  const catalog = new Catalog(store, options.scope, clock);
  let ports: TargetPorts = options.targets ?? {};
  const router = new Router(catalog, log, options.scope, clock, ids, {
    log,
    clock,
    logger,
    ports: () => ports,
    defaultRetries: options.defaultRetries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 1000,
  });
  const scheduler = createScheduler({
    clock,
    logger,
    rules: () =>
      catalog
        .view()
        .rules.filter((r) => r.schedule !== undefined && r.state !== 'DISABLED')
        .map((r) => ({
          key: `${r.bus}\u0000${r.name}\u0000${r.schedule!.expression}\u0000${r.enabledAt}`,
          schedule: r.schedule!,
          anchor: r.enabledAt,
        })),
    fire: async (scheduled, at) => {
      const [bus = DEFAULT_BUS, name] = scheduled.key.split('\u0000');
      const rule = catalog.view().rules.find((r) => r.bus === bus && r.name === name);
      if (!rule) return;
      const event: EventBridgeEvent = {
        version: '0',
        id: ids.uuid(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: options.scope.accountId,
        time: eventTime(at),
        region: options.scope.region,
        resources: [rule.arn],
        detail: {},
      };
      router.route(bus, event, rule);
    },
  });
  catalog.onChange = () => scheduler.refresh();

  return {
    scheduler,
    async createEventBus(input) {
      return { EventBusArn: catalog.createBus(input) };
    },
    async deleteEventBus(input) {
      catalog.deleteBus(input.Name);
      return {};
    },
    describeEventBus: async (input = {}) => catalog.describeBus(input.Name),
    listEventBuses: async (input = {}) => catalog.listBuses(input),
    putRule: async (input) => ({ RuleArn: catalog.putRule(input) }),
    describeRule: async (input) => catalog.describeRule(input.Name, input.EventBusName),
    listRules: async (input = {}) => catalog.listRules(input),
    async enableRule(input) {
      catalog.setState(input.Name, input.EventBusName, 'ENABLED');
      return {};
    },
    async disableRule(input) {
      catalog.setState(input.Name, input.EventBusName, 'DISABLED');
      return {};
    },
    async deleteRule(input) {
      catalog.deleteRule(input.Name, input.EventBusName);
      return {};
    },
    async putTargets(input) {
      const failed = catalog.putTargets(input);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },
    async removeTargets(input) {
      catalog.removeTargets(input);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    listTargetsByRule: async (input) => catalog.listTargets(input),
    putEvents: async (input) => router.putEvents(input?.Entries),
    async testEventPattern(input) {
      const pattern = compileEventPattern(String(input.EventPattern ?? ''));
      let event: unknown;
      try {
        event = JSON.parse(String(input.Event ?? ''));
      } catch (err) {
        throw new ModelmillError(
          'ValidationException',
          `Parameter Event is not valid: it is not JSON (${(err as Error).message}).`,
        );
      }
      const missing = isPlainObject(event)
        ? REQUIRED_EVENT_FIELDS.filter((f) => !(f in event))
        : REQUIRED_EVENT_FIELDS;
      if (missing.length > 0)
        throw new ModelmillError(
          'ValidationException',
          `Parameter Event is not valid: the event must be an object with ${REQUIRED_EVENT_FIELDS.join(', ')} (missing ${missing.join(', ')}).`,
        );
      return { Result: pattern.matches(event) };
    },
    async publishServiceEvent(partial) {
      const event: EventBridgeEvent = {
        version: '0',
        id: ids.uuid(),
        account: options.scope.accountId,
        region: options.scope.region,
        time: eventTime(clock.now()),
        resources: [],
        ...partial,
      } as EventBridgeEvent;
      router.route(DEFAULT_BUS, event);
      return event.id;
    },
    async putS3Notification(notification) {
      const event = s3NotificationToEvent(notification, options.scope, ids);
      router.route(DEFAULT_BUS, event);
      return event.id;
    },
    listEvents: (query = {}) => log.listEvents(query),
    connect(next) {
      ports = { ...ports, ...next };
    },
    idle: () => router.idle(),
  };
}
