import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger } from '../../core/index.js';
import { errorMessage } from '../../core/index.js';
import { buildMail } from './email.js';
import type { Notification } from './envelope.js';
import { emailFooter, envelope, httpHeaders, lambdaEvent, subscribeUrl } from './envelope.js';
import { sendSmtp } from './smtp.js';
import type { SnsStore } from './store.js';
import type { SnsPorts } from './types.js';

/**
 * Delivering one notification to one subscription: HTTP(S) POSTs of the
 * envelope (or the raw message), e-mails written to the outbox as `.eml`
 * files and relayed over SMTP when a relay is configured, Lambda and queue
 * deliveries through the ports. Failures are retried on the Clock following
 * the delivery policy (SNS's default: 3 retries, 20 s apart), then recorded
 * as FAILED; nothing here throws.
 */

/** What deliveries need. */
export interface DeliveryContext {
  store: SnsStore;
  clock: Clock;
  logger: Logger;
  ports: () => SnsPorts;
  outbox: string;
  /** `smtp://host:port` of a relay; e-mails only go to the outbox when undefined. */
  smtpUrl: string | undefined;
  fromAddress: string;
  /** Per-attempt timeout of HTTP deliveries. Default 15 s. */
  httpTimeoutMs: number;
}

/** A subscription as delivery sees it. */
export interface DeliveryTarget {
  protocol: string;
  endpoint: string;
  raw: boolean;
  /** JSON text of the subscription's (or topic's) DeliveryPolicy, if any. */
  deliveryPolicy: string | undefined;
  /** The topic's DisplayName (e-mail sender name). */
  displayName: string;
}

class Permanent extends Error {}

/** The waits between attempts a delivery policy asks for (ms). */
export function retryDelays(policyText: string | undefined): number[] {
  let policy: Record<string, any>;
  try {
    const parsed = policyText ? JSON.parse(policyText) : {};
    policy = parsed?.http?.defaultHealthyRetryPolicy ?? parsed?.healthyRetryPolicy ?? {};
  } catch {
    policy = {};
  }
  const retries = Math.min(Math.max(Number(policy.numRetries ?? 3), 0), 100);
  const noDelay = Math.min(Number(policy.numNoDelayRetries ?? 0), retries);
  const min = Number(policy.minDelayTarget ?? 20) * 1000;
  const max = Math.max(Number(policy.maxDelayTarget ?? 20) * 1000, min);
  const backoff = String(policy.backoffFunction ?? 'linear');
  const spread = retries - noDelay;
  return Array.from({ length: retries }, (_, i) => {
    if (i < noDelay) return 0;
    const step = spread <= 1 ? 0 : (i - noDelay) / (spread - 1);
    return backoff === 'exponential' || backoff === 'geometric'
      ? Math.round(min * (max / Math.max(min, 1)) ** step)
      : Math.round(min + (max - min) * step);
  });
}

async function postHttp(
  ctx: DeliveryContext,
  target: DeliveryTarget,
  n: Notification,
): Promise<string> {
  const body = target.raw ? n.message : JSON.stringify(envelope(n));
  let response: Response;
  try {
    response = await fetch(target.endpoint, {
      method: 'POST',
      headers: httpHeaders(n, target.raw),
      body,
      signal: AbortSignal.timeout(ctx.httpTimeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    throw new Error(`POST ${target.endpoint} failed: ${errorMessage(cause ?? err)}`, {
      cause: err,
    });
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299)
    throw new Error(`POST ${target.endpoint} answered HTTP ${response.status}`);
  return `HTTP ${response.status}`;
}

async function writeOutbox(
  ctx: DeliveryContext,
  target: DeliveryTarget,
  n: Notification,
): Promise<{ file: string; data: string }> {
  const json = target.protocol === 'email-json';
  const data = buildMail({
    fromName: target.displayName || 'AWS Notifications',
    fromAddress: ctx.fromAddress,
    to: target.endpoint,
    subject: n.subject ?? 'AWS Notification Message',
    date: n.timestamp,
    messageId: `${n.messageId}.${n.subscriptionArn.split(':').pop() ?? 'sub'}@sns.modelmill.local`,
    headers: {
      'X-Amz-Sns-Message-Id': n.messageId,
      'X-Amz-Sns-Topic-Arn': n.topicArn,
      'X-Amz-Sns-Subscription-Arn': n.subscriptionArn,
    },
    body: json
      ? JSON.stringify(envelope(n))
      : n.type === 'SubscriptionConfirmation'
        ? `${n.message}\n\n${subscribeUrl(n)}\n`
        : `${n.message}${emailFooter(n)}`,
    ...(json ? { contentType: 'application/json; charset=UTF-8' } : {}),
  });
  const stamp = new Date(n.timestamp)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const subscription = n.subscriptionArn.split(':').pop() ?? 'subscription';
  const file = join(ctx.outbox, `${stamp}-${n.messageId}-${subscription}.eml`);
  await mkdir(ctx.outbox, { recursive: true });
  const temp = `${file}.tmp`;
  await writeFile(temp, data, 'utf8');
  await rename(temp, file);
  return { file, data };
}

async function attempt(
  ctx: DeliveryContext,
  target: DeliveryTarget,
  n: Notification,
  state: { file?: string; data?: string },
): Promise<string> {
  const ports = ctx.ports();
  switch (target.protocol) {
    case 'http':
    case 'https':
      return postHttp(ctx, target, n);
    case 'email':
    case 'email-json': {
      if (state.file === undefined) Object.assign(state, await writeOutbox(ctx, target, n));
      if (!ctx.smtpUrl) return state.file!;
      const reply = await sendSmtp(
        ctx.smtpUrl,
        { from: ctx.fromAddress, to: [target.endpoint] },
        state.data!,
      );
      return `${state.file!} (relayed: ${reply})`;
    }
    case 'lambda': {
      if (!ports.invokeFunction)
        throw new Permanent('no local function runner is wired (SnsPorts.invokeFunction)');
      const out = await ports.invokeFunction(target.endpoint, JSON.stringify(lambdaEvent(n)));
      return typeof out === 'string' ? out : JSON.stringify(out ?? null);
    }
    case 'sqs': {
      if (!ports.sendMessage) throw new Permanent('no local queue is wired (SnsPorts.sendMessage)');
      await ports.sendMessage(
        target.endpoint,
        target.raw ? n.message : JSON.stringify(envelope(n)),
      );
      return target.endpoint;
    }
    default:
      throw new Permanent(`protocol ${target.protocol} is not delivered locally`);
  }
}

/** Delivers with retries and records the outcome on delivery row `seq`; never throws. */
export async function deliverNotification(
  ctx: DeliveryContext,
  seq: number,
  target: DeliveryTarget,
  n: Notification,
): Promise<void> {
  const delays = retryDelays(target.deliveryPolicy);
  const state: { file?: string; data?: string } = {};
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const detail = await attempt(ctx, target, n, state);
      ctx.store.finishDelivery(seq, { status: 'DELIVERED', attempts, detail }, ctx.clock.now());
      return;
    } catch (err) {
      const delay = delays[attempts - 1];
      if (err instanceof Permanent || delay === undefined) {
        ctx.logger.warn('sns: delivery failed', {
          messageId: n.messageId,
          endpoint: target.endpoint,
          attempts,
          error: errorMessage(err),
        });
        ctx.store.finishDelivery(
          seq,
          {
            status: 'FAILED',
            attempts,
            error: errorMessage(err),
            ...(state.file ? { detail: state.file } : {}),
          },
          ctx.clock.now(),
        );
        return;
      }
      await ctx.clock.sleep(delay);
    }
  }
}
