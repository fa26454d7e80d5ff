import type { EventEntry, SageMakerEvents } from './types.js';

/**
 * SageMaker's events reach EventBridge as an AWS service's do: on the default
 * bus, source `aws.sagemaker`. EventBridge's PutEvents refuses `aws.*`
 * sources from callers, so the composition root connects the events port to
 * the bus's service-event entry point through `serviceEventsPort`.
 */

/** An event as an AWS service hands it to the bus (EventBridge's event fields). */
export interface ServiceEvent {
  source: string;
  'detail-type': string;
  detail: unknown;
  resources: string[];
  /** ISO-8601 without milliseconds. */
  time: string;
}

/** The bus entry point for AWS service events (`LocalEventBridge.publishServiceEvent`). */
export interface ServiceEventBus {
  publishServiceEvent(event: ServiceEvent): Promise<string>;
}

function eventOf(entry: EventEntry): ServiceEvent {
  const time = entry.Time === undefined ? new Date() : new Date(entry.Time * 1000);
  return {
    source: entry.Source,
    'detail-type': entry.DetailType,
    detail: JSON.parse(entry.Detail) as unknown,
    resources: entry.Resources ?? [],
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** The events port over a bus's service-event entry point. */
export function serviceEventsPort(bus: ServiceEventBus): SageMakerEvents {
  return {
    async putEvents(entries) {
      for (const entry of entries) await bus.publishServiceEvent(eventOf(entry));
    },
  };
}
