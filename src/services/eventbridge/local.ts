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
import type { RuleScheduler } from './scheduler.js';
import { createScheduler } from './scheduler.js';
import { EventLog } from './event-log.js';
import { EventBridgeStore } from './store.js';
import type {
  EventBridgeEvent,
  EventBridgeService,
  LocalEventBridge,
  TargetPorts,
} from './types.js';

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

/** TestEventPattern: the pattern must compile, the event must be JSON with the envelope fields. */
function testPattern(input: { EventPattern: string; Event: string }): { Result: boolean } {
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
}

/** The bus, rule and target operations over the catalog. */
function controlPlane(
  catalog: Catalog,
): Omit<EventBridgeService, 'putEvents' | 'testEventPattern'> {
  return {
    createEventBus: async (input) => ({ EventBusArn: catalog.createBus(input) }),
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
  };
}

/** The scheduler over the catalog's enabled scheduled rules; a firing routes a Scheduled Event to the rule's targets. */
function scheduleRules(
  catalog: Catalog,
  router: Router,
  deps: { clock: Clock; logger: Logger; ids: IdGenerator; scope: AccountScope },
): RuleScheduler {
  return createScheduler({
    clock: deps.clock,
    logger: deps.logger,
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
      router.route(
        bus,
        {
          version: '0',
          id: deps.ids.uuid(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: deps.scope.accountId,
          time: eventTime(at),
          region: deps.scope.region,
          resources: [rule.arn],
          detail: {},
        },
        rule,
      );
    },
  });
}

/**
 * The embedded EventBridge: buses, rules and targets in SQLite, rules
 * compiled and indexed for matching, deliveries through the target ports,
 * every event recorded with the rules it matched and each delivery's outcome.
 */
export function createLocalEventBridge(options: LocalEventBridgeOptions): LocalEventBridge {
  const { scope } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? silentLogger;
  const log = new EventLog(options.db);
  const catalog = new Catalog(new EventBridgeStore(options.db), scope, clock);
  let ports: TargetPorts = options.targets ?? {};
  const router = new Router(catalog, log, scope, clock, ids, {
    log,
    clock,
    logger,
    ports: () => ports,
    defaultRetries: options.defaultRetries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 1000,
  });
  const scheduler = scheduleRules(catalog, router, { clock, logger, ids, scope });
  catalog.onChange = () => scheduler.refresh();
  const toDefaultBus = (event: EventBridgeEvent): string => {
    router.route(DEFAULT_BUS, event);
    return event.id;
  };
  return {
    ...controlPlane(catalog),
    scheduler,
    putEvents: async (input) => router.putEvents(input?.Entries),
    testEventPattern: async (input) => testPattern(input),
    publishServiceEvent: async (partial) =>
      toDefaultBus({
        version: '0',
        id: ids.uuid(),
        account: scope.accountId,
        region: scope.region,
        time: eventTime(clock.now()),
        resources: [],
        ...partial,
      } as EventBridgeEvent),
    putS3Notification: async (notification) =>
      toDefaultBus(s3NotificationToEvent(notification, scope, ids)),
    listEvents: (query = {}) => log.listEvents(query),
    connect(next) {
      ports = { ...ports, ...next };
    },
    idle: () => router.idle(),
  };
}
