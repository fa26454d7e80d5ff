import type { AccountScope, Clock, IdGenerator } from '../../core/index.js';
import { ModelmillError, isPlainObject, utf8Length } from '../../core/index.js';
import type { Catalog } from './catalog.js';
import type { LiveRule } from './live-view.js';
import type { DeliveryDeps } from './deliver.js';
import { deliver } from './deliver.js';
import { constraintError } from './names.js';
import type { EventLog } from './event-log.js';
import type {
  EventBridgeEvent,
  PutEventsOutput,
  PutEventsRequestEntry,
  PutEventsResultEntry,
} from './types.js';

/**
 * The data plane: PutEvents' validation and limits, turning entries into
 * events, matching them against the bus's rules, recording what happened,
 * and starting the deliveries (which run in the background, as in AWS).
 */

/** At most this many entries per PutEvents. */
export const MAX_ENTRIES = 10;
/** At most this many bytes of entries per PutEvents (256 KiB). */
export const MAX_REQUEST_BYTES = 262_144;

/** ISO time without milliseconds, as events carry it. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The size AWS counts for an entry: Time (14 bytes), Source, DetailType, Detail, Resources. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail])
    if (typeof text === 'string') size += utf8Length(text);
  for (const resource of entry.Resources ?? [])
    if (typeof resource === 'string') size += utf8Length(resource);
  return size;
}

function entryTime(time: unknown, now: number): number {
  if (typeof time === 'number') return time * 1000;
  if (time instanceof Date) return time.getTime();
  if (typeof time === 'string') {
    const parsed = Date.parse(time);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return now;
}

type Checked = { detail: Record<string, unknown>; bus: string } | PutEventsResultEntry;

/** The router of one service instance. */
export class Router {
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly catalog: Catalog,
    private readonly log: EventLog,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly delivery: Omit<DeliveryDeps, 'forward'>,
  ) {}

  /** PutEvents: whole-request limits throw; per-entry problems come back as entries. */
  putEvents(entries: unknown): PutEventsOutput {
    if (!Array.isArray(entries) || entries.length === 0)
      throw constraintError('entries', '[]', 'Member must have length greater than or equal to 1');
    if (entries.length > MAX_ENTRIES)
      throw constraintError(
        'entries',
        `[${entries.length} entries]`,
        `Member must have length less than or equal to ${MAX_ENTRIES}`,
      );
    const total = (entries as PutEventsRequestEntry[]).reduce((sum, e) => sum + entrySize(e), 0);
    if (total > MAX_REQUEST_BYTES)
      throw new ModelmillError(
        'ValidationException',
        `Total size of the entries in the request is over the limit: ${total} bytes, the limit is ${MAX_REQUEST_BYTES} bytes (256 KiB). Send fewer or smaller entries per PutEvents call.`,
      );
    let failed = 0;
    const accept = (entry: PutEventsRequestEntry): PutEventsResultEntry => {
      const checked = this.check(entry);
      if (!('detail' in checked)) {
        failed += 1;
        return checked;
      }
      const now = this.clock.now();
      const event: EventBridgeEvent = {
        version: '0',
        id: this.ids.uuid(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: this.scope.accountId,
        time: eventTime(entryTime(entry.Time, now)),
        region: this.scope.region,
        resources: (entry.Resources ?? []).filter((r) => typeof r === 'string'),
        detail: checked.detail,
      };
      this.route(checked.bus, event);
      return { EventId: event.id };
    };
    const results = this.log.transaction(() => (entries as PutEventsRequestEntry[]).map(accept));
    return { FailedEntryCount: failed, Entries: results };
  }

  private check(entry: PutEventsRequestEntry): Checked {
    if (!isPlainObject(entry))
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'The entry is not an object.' };
    for (const field of ['Source', 'DetailType', 'Detail'] as const) {
      const value = entry[field];
      if (typeof value !== 'string' || value === '')
        return {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
        };
    }
    const source = entry.Source as string;
    if (source.startsWith('aws.'))
      return {
        ErrorCode: 'NotAuthorizedForSourceException',
        ErrorMessage: `Not authorized for the source. Sources starting with 'aws.' are reserved for AWS services (got '${source}').`,
      };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {
      detail = undefined;
    }
    if (!isPlainObject(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    let bus: string;
    try {
      bus = this.catalog.bus(entry.EventBusName).name;
    } catch (err) {
      const e = err as ModelmillError;
      return { ErrorCode: e.code, ErrorMessage: e.message };
    }
    return { detail, bus };
  }

  /** Matches an event on a bus, records it and starts its deliveries. */
  route(bus: string, event: EventBridgeEvent, only?: LiveRule): string[] {
    const receivedAt = this.clock.now();
    const rules = only ? [only] : (this.catalog.view().indexes.get(bus)?.match(event) ?? []);
    this.log.recordEvent(
      bus,
      event,
      rules.map((r) => r.name),
      receivedAt,
    );
    const deps: DeliveryDeps = {
      ...this.delivery,
      forward: async (target, e) => void this.route(this.catalog.bus(target).name, e),
    };
    for (const rule of rules) {
      for (const target of rule.targets) {
        const running = deliver(deps, rule, target, event, receivedAt).finally(() =>
          this.inflight.delete(running),
        );
        this.inflight.add(running);
      }
    }
    return rules.map((r) => r.name);
  }

  /** Resolves when every delivery started so far (and any they started) has finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }
}
