import type { Clock, Logger } from '../../core/index.js';
import { errorMessage, parseArn } from '../../core/index.js';
import type { LiveRule, LiveTarget } from './live-view.js';
import type { EventLog } from './event-log.js';
import type { EventBridgeEvent, TargetPorts } from './types.js';

/**
 * Handing one event to one target through the target ports: state machines,
 * functions, SNS topics, log groups and other buses. Failed attempts are
 * retried with exponential back-off on the Clock, within the target's
 * RetryPolicy; every delivery ends recorded as SUCCEEDED or FAILED.
 */

/** What deliveries need. */
export interface DeliveryDeps {
  log: EventLog;
  clock: Clock;
  logger: Logger;
  ports: () => TargetPorts;
  /** Forwards the event to another bus of this account (event-bus targets). */
  forward(bus: string, event: EventBridgeEvent): Promise<void>;
  /** Retries when a target's RetryPolicy does not say. Default 2. */
  defaultRetries: number;
  /** First back-off; doubles per retry. Default 1000 ms. */
  retryBaseMs: number;
}

/** A failure that retrying cannot fix (no port wired, unsupported target). */
class PermanentFailure extends Error {}

const SUPPORTED =
  'states (state machines), lambda (functions), sns (topics), logs (log groups), events (event buses)';

/** Calls the port a target ARN needs; resolves with what to record as the result. */
async function invoke(
  deps: DeliveryDeps,
  arn: string,
  input: string,
  event: EventBridgeEvent,
): Promise<string> {
  const ports = deps.ports();
  const parts = parseArn(arn);
  const missing = (port: string) =>
    new PermanentFailure(
      `no local ${port} is wired for ${parts.service} targets (the composition root connects TargetPorts.${port})`,
    );
  switch (parts.service) {
    case 'states': {
      if (!ports.startExecution) throw missing('startExecution');
      return (await ports.startExecution(arn, input)).executionArn;
    }
    case 'lambda': {
      if (!ports.invokeFunction) throw missing('invokeFunction');
      const out = await ports.invokeFunction(arn, input);
      return typeof out === 'string' ? out : JSON.stringify(out ?? null);
    }
    case 'sns': {
      if (!ports.publish) throw missing('publish');
      return (await ports.publish(arn, input)).MessageId;
    }
    case 'logs': {
      if (!ports.log) throw missing('log');
      const group = parts.resource.replace(/^log-group:/, '').replace(/:\*$/, '');
      await ports.log(group, input);
      return group;
    }
    case 'events': {
      const bus = parts.resource.replace(/^event-bus\//, '');
      await deps.forward(bus, event);
      return bus;
    }
    default:
      throw new PermanentFailure(
        `'${arn}' is a ${parts.service} target; modelmill delivers locally to ${SUPPORTED}`,
      );
  }
}

/** Delivers `event` to one target of `rule`, retrying; never throws. */
export async function deliver(
  deps: DeliveryDeps,
  rule: LiveRule,
  live: LiveTarget,
  event: EventBridgeEvent,
  receivedAt: number,
): Promise<void> {
  const { target } = live;
  let input: string;
  try {
    input = live.render(event, {
      ruleName: rule.name,
      ruleArn: rule.arn,
      ingestionTime: receivedAt,
    });
  } catch (err) {
    const seq = deps.log.startDelivery(rule.bus, {
      eventId: event.id,
      rule: rule.name,
      targetId: target.Id,
      targetArn: target.Arn,
      startedAt: deps.clock.now(),
    });
    deps.log.finishDelivery(
      seq,
      { status: 'FAILED', attempts: 0, error: `input transformation failed: ${errorMessage(err)}` },
      deps.clock.now(),
    );
    return;
  }
  const seq = deps.log.startDelivery(rule.bus, {
    eventId: event.id,
    rule: rule.name,
    targetId: target.Id,
    targetArn: target.Arn,
    input,
    startedAt: deps.clock.now(),
  });
  const retries = Math.min(target.RetryPolicy?.MaximumRetryAttempts ?? deps.defaultRetries, 185);
  const maxAgeMs = (target.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400) * 1000;
  let attempts = 0;
  // Call targets only after the caller's PutEvents transaction has committed.
  await Promise.resolve();
  for (;;) {
    attempts += 1;
    try {
      const result = await invoke(deps, target.Arn, input, event);
      deps.log.finishDelivery(seq, { status: 'SUCCEEDED', attempts, result }, deps.clock.now());
      return;
    } catch (err) {
      const delay = deps.retryBaseMs * 2 ** (attempts - 1);
      const tooOld = deps.clock.now() + delay - receivedAt > maxAgeMs;
      if (err instanceof PermanentFailure || attempts > retries || tooOld) {
        deps.logger.warn('eventbridge: delivery failed', {
          event: event.id,
          rule: rule.name,
          target: target.Id,
          error: errorMessage(err),
        });
        deps.log.finishDelivery(
          seq,
          { status: 'FAILED', attempts, error: errorMessage(err) },
          deps.clock.now(),
        );
        return;
      }
      await deps.clock.sleep(delay);
    }
  }
}
