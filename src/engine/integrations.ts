import type { AccountScope, Clock } from '../core/index.js';
import { ModelmillError, parseArn } from '../core/index.js';

/**
 * Task integrations: how a Task state's `Resource` reaches a service. The
 * engine knows nothing about services; each service registers handlers here
 * under `service:action` keys, and the engine looks them up by resource ARN.
 */

/** How a Task waits for its work (the suffix of the resource ARN). */
export const IntegrationPattern = {
  /** No suffix: call the API, take its response. */
  RequestResponse: 'request-response',
  /** `.sync`: start a job and wait until it ends; output is the job's description. */
  Sync: 'sync',
  /** `.sync:2`: like `.sync`, with JSON output instead of strings where AWS differs (Step Functions). */
  Sync2: 'sync:2',
  /** `.waitForTaskToken`: call the API with a token, wait for SendTaskSuccess/Failure. */
  WaitForTaskToken: 'waitForTaskToken',
} as const;
/** An integration pattern. */
export type IntegrationPattern = (typeof IntegrationPattern)[keyof typeof IntegrationPattern];

/** A Task resource, taken apart. */
export interface TaskResource {
  /** The resource exactly as written in the definition. */
  arn: string;
  /** `batch`, `glue`, `aws-sdk:ssm`, `states`, `lambda`, ... */
  service: string;
  /** `submitJob`, `getParametersByPath`, ...; for a bare Lambda ARN, `invoke`. */
  action: string;
  pattern: IntegrationPattern;
  /** For a bare Lambda ARN: the function ARN (the request carries no FunctionName). */
  functionArn?: string;
}

/** What a handler receives besides its parameters. */
export interface TaskContext {
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
  /** The token to hand to the worker, for `.waitForTaskToken`. */
  taskToken?: string;
  /** Aborted when the execution stops or the state times out; handlers must stop their work. */
  signal: AbortSignal;
  /** For `.sync`: records the started job (TaskSubmitted) durably before the handler waits. */
  submitted(output: unknown): Promise<void>;
  /** For `.sync` after a restart: the output given to `submitted` before the crash; re-attach, do not start again. */
  resumed?: unknown;
  /** Tells the engine the task is alive (HeartbeatSeconds). */
  heartbeat(): void;
  clock: Clock;
  scope: AccountScope;
}

/** One Task invocation. */
export interface TaskInvocation {
  resource: TaskResource;
  /** The evaluated Parameters (JSONPath) or Arguments (JSONata); `undefined` when the state has none. */
  parameters: unknown;
  context: TaskContext;
}

/**
 * Runs one Task. Resolves with the task's result. Fails by throwing a
 * `StatesError` whose `error` is the name Retry/Catch match (`S3.NoSuchKeyException`,
 * `States.TaskFailed`, ...) and whose cause is AWS's cause text.
 */
export type TaskHandler = (invocation: TaskInvocation) => Promise<unknown>;

/** A handler and the patterns it supports. */
interface Registration {
  handler: TaskHandler;
  patterns: ReadonlySet<IntegrationPattern>;
}

/** Parses a Task `Resource`; throws InvalidDefinition for a resource that is not a Task ARN. */
export function parseTaskResource(arn: string): TaskResource {
  const parts = parseArn(arn);
  if (parts.service === 'lambda' && parts.resource.startsWith('function:')) {
    return {
      arn,
      service: 'lambda',
      action: 'invoke',
      pattern: 'request-response',
      functionArn: arn,
    };
  }
  if (parts.service === 'states' && parts.resource.startsWith('activity:')) {
    return { arn, service: 'states', action: 'activity', pattern: 'request-response' };
  }
  if (parts.service !== 'states' || parts.resource === '') {
    throw new ModelmillError('InvalidDefinition', `'${arn}' is not a Task resource ARN`);
  }
  const match = /^(.*?)(?:\.(sync:2|sync|waitForTaskToken))?$/.exec(parts.resource);
  const body = match?.[1] ?? parts.resource;
  const suffix = match?.[2];
  const colon = body.lastIndexOf(':');
  if (colon <= 0) {
    throw new ModelmillError(
      'InvalidDefinition',
      `'${arn}' names no action: expected arn:aws:states:::<service>:<action>[.sync|.waitForTaskToken]`,
    );
  }
  const pattern: IntegrationPattern =
    suffix === 'sync'
      ? 'sync'
      : suffix === 'sync:2'
        ? 'sync:2'
        : suffix === 'waitForTaskToken'
          ? 'waitForTaskToken'
          : 'request-response';
  return { arn, service: body.slice(0, colon), action: body.slice(colon + 1), pattern };
}

/** The registry the composition root fills and the engine reads. */
export class IntegrationRegistry {
  private readonly handlers = new Map<string, Registration>();

  /**
   * Registers `handler` for `service:action` (`action` may be `*` for every
   * action of the service, as `aws-sdk:s3:*`). `patterns` defaults to
   * request-response only.
   */
  register(
    key: string,
    handler: TaskHandler,
    patterns: readonly IntegrationPattern[] = ['request-response'],
  ): void {
    this.handlers.set(key, { handler, patterns: new Set(patterns) });
  }

  /** The handler for a resource, or a ModelmillError that names the resource and what is served. */
  resolve(resource: TaskResource): TaskHandler {
    const exact = this.handlers.get(`${resource.service}:${resource.action}`);
    const registration = exact ?? this.handlers.get(`${resource.service}:*`);
    if (!registration) {
      throw new ModelmillError(
        'UnsupportedResource',
        `no local integration serves '${resource.arn}' (service '${resource.service}', action '${resource.action}'); served: ${this.keys().join(', ') || 'none'}`,
      );
    }
    if (!registration.patterns.has(resource.pattern)) {
      throw new ModelmillError(
        'UnsupportedResource',
        `'${resource.arn}': the ${resource.pattern} pattern is not supported for ${resource.service}:${resource.action} (supported: ${[...registration.patterns].join(', ')})`,
      );
    }
    return registration.handler;
  }

  /** True when some handler serves the resource with its pattern. */
  has(resource: TaskResource): boolean {
    try {
      this.resolve(resource);
      return true;
    } catch {
      return false;
    }
  }

  /** The registered keys, sorted. */
  keys(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
