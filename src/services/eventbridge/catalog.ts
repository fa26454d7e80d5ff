import type { AccountScope, Clock } from '../../core/index.js';
import { ModelmillError, isArn, isPlainObject } from '../../core/index.js';
import { compileTargetInput } from './input-transform.js';
import { DEFAULT_BUS, busArn, busNameOf, checkBusName, checkName, page, ruleArn } from './names.js';
import { compileEventPattern } from './pattern.js';
import { compileSchedule } from './schedule-expression.js';
import type { LiveView } from './live-view.js';
import { buildLiveView } from './live-view.js';
import type { BusRow, EventBridgeStore, RuleRow } from './store.js';
import type {
  DescribeRuleOutput,
  EventBus,
  FailedTargetEntry,
  PutRuleInput,
  Rule,
  RuleState,
  Tag,
  Target,
} from './types.js';

/**
 * Buses, rules and targets: the control-plane operations with EventBridge's
 * validation, over the store, plus the compiled view the router and the
 * scheduler read (rebuilt after every change).
 */

const MAX_TARGETS_PER_RULE = 5;
const STATES = new Set<string>([
  'ENABLED',
  'DISABLED',
  'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
]);

function seconds(ms: number): number {
  return ms / 1000;
}

function toBus(row: BusRow): EventBus {
  return {
    Name: row.name,
    Arn: row.arn,
    ...(row.description === null ? {} : { Description: row.description }),
    CreationTime: seconds(row.created_at),
    LastModifiedTime: seconds(row.modified_at),
  };
}

function toRule(row: RuleRow): Rule {
  return {
    Name: row.name,
    Arn: row.arn,
    ...(row.event_pattern === null ? {} : { EventPattern: row.event_pattern }),
    ...(row.schedule_expression === null ? {} : { ScheduleExpression: row.schedule_expression }),
    State: row.state,
    ...(row.description === null ? {} : { Description: row.description }),
    ...(row.role_arn === null ? {} : { RoleArn: row.role_arn }),
    EventBusName: row.bus,
  };
}

/** Control-plane operations and the compiled view. */
export class Catalog {
  private live: LiveView | undefined;
  /** Called after every change (the scheduler listens). */
  onChange: () => void = () => undefined;

  constructor(
    private readonly store: EventBridgeStore,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
  ) {
    if (!store.getBus(DEFAULT_BUS)) this.insertBus(DEFAULT_BUS, undefined, []);
  }

  private insertBus(name: string, description: string | undefined, tags: Tag[]): string {
    const now = this.clock.now();
    const arn = busArn(this.scope, name);
    this.store.insertBus({
      name,
      arn,
      description: description ?? null,
      tags: JSON.stringify(tags),
      created_at: now,
      modified_at: now,
    });
    return arn;
  }

  private changed(): void {
    this.live = undefined;
    this.onChange();
  }

  /** The bus row, or ResourceNotFoundException. */
  bus(nameOrArn: unknown): BusRow {
    const name = busNameOf(nameOrArn);
    const row = this.store.getBus(name);
    if (!row)
      throw new ModelmillError(
        'ResourceNotFoundException',
        `Event bus ${name} does not exist. Create it with CreateEventBus, or omit EventBusName for the default bus.`,
      );
    return row;
  }

  createBus(input: { Name: string; Description?: string; Tags?: Tag[] }): string {
    const name = checkBusName(input.Name);
    if (this.store.getBus(name))
      throw new ModelmillError(
        'ResourceAlreadyExistsException',
        `Event bus ${name} already exists.`,
      );
    const arn = this.insertBus(name, input.Description, input.Tags ?? []);
    this.changed();
    return arn;
  }

  deleteBus(nameOrArn: unknown): void {
    const name = busNameOf(nameOrArn);
    if (name === DEFAULT_BUS)
      throw new ModelmillError('ValidationException', 'Cannot delete event bus default.');
    this.store.transaction(() => {
      for (const rule of this.store.listRules(name)) {
        for (const t of this.store.listTargets(name, rule.name))
          this.store.removeTarget(name, rule.name, t.Id);
        this.store.deleteRule(name, rule.name);
      }
      this.store.deleteBus(name);
    });
    this.changed();
  }

  describeBus(nameOrArn: unknown): EventBus {
    return toBus(this.bus(nameOrArn));
  }

  listBuses(input: { NamePrefix?: string; NextToken?: string; Limit?: number }) {
    const { items, nextToken } = page(
      this.store.listBuses(input.NamePrefix ?? ''),
      input.NextToken,
      input.Limit,
    );
    return { EventBuses: items.map(toBus), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  /** The rule row, or ResourceNotFoundException naming the rule and bus. */
  rule(name: unknown, busName: unknown): RuleRow {
    const bus = this.bus(busName).name;
    const ruleName = checkName('name', name);
    const row = this.store.getRule(bus, ruleName);
    if (!row)
      throw new ModelmillError(
        'ResourceNotFoundException',
        `Rule ${ruleName} does not exist on EventBus ${bus}.`,
      );
    return row;
  }

  putRule(input: PutRuleInput): string {
    const name = checkName('name', input.Name);
    const bus = this.bus(input.EventBusName).name;
    const pattern = input.EventPattern;
    const schedule = input.ScheduleExpression;
    if (!pattern && !schedule)
      throw new ModelmillError(
        'ValidationException',
        'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      );
    if (pattern) compileEventPattern(pattern);
    if (schedule) {
      if (bus !== DEFAULT_BUS)
        throw new ModelmillError(
          'ValidationException',
          `ScheduleExpression is supported only on the default event bus (rule ${name} is on ${bus}).`,
        );
      compileSchedule(schedule);
    }
    const state = input.State ?? 'ENABLED';
    if (!STATES.has(state))
      throw new ModelmillError(
        'ValidationException',
        `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]`,
      );
    const arn = ruleArn(this.scope, bus, name);
    this.store.upsertRule(
      bus,
      name,
      {
        arn,
        eventPattern: pattern,
        scheduleExpression: schedule,
        state,
        description: input.Description,
        roleArn: input.RoleArn,
        tags: input.Tags ?? [],
      },
      this.clock.now(),
    );
    this.changed();
    return arn;
  }

  describeRule(name: unknown, busName: unknown): DescribeRuleOutput {
    return { ...toRule(this.rule(name, busName)), CreatedBy: this.scope.accountId };
  }

  listRules(input: {
    NamePrefix?: string;
    EventBusName?: string;
    NextToken?: string;
    Limit?: number;
  }) {
    const bus = this.bus(input.EventBusName).name;
    const { items, nextToken } = page(
      this.store.listRules(bus, input.NamePrefix ?? ''),
      input.NextToken,
      input.Limit,
    );
    return { Rules: items.map(toRule), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  setState(name: unknown, busName: unknown, state: RuleState): void {
    const row = this.rule(name, busName);
    this.store.setRuleState(row.bus, row.name, state, this.clock.now());
    this.changed();
  }

  deleteRule(name: unknown, busName: unknown): void {
    const bus = this.bus(busName).name;
    const ruleName = checkName('name', name);
    if (!this.store.getRule(bus, ruleName)) return;
    if (this.store.countTargets(bus, ruleName) > 0)
      throw new ModelmillError(
        'ValidationException',
        `Rule can't be deleted since it has targets. Remove the targets of ${ruleName} first (RemoveTargets).`,
      );
    this.store.deleteRule(bus, ruleName);
    this.changed();
  }

  putTargets(input: {
    Rule: string;
    EventBusName?: string;
    Targets: Target[];
  }): FailedTargetEntry[] {
    const row = this.rule(input.Rule, input.EventBusName);
    const targets = input.Targets;
    if (!Array.isArray(targets) || targets.length === 0 || targets.length > 10)
      throw new ModelmillError(
        'ValidationException',
        `1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10 (got ${Array.isArray(targets) ? targets.length : 'none'})`,
      );
    const failed: FailedTargetEntry[] = [];
    const accepted: Target[] = [];
    for (const target of targets) {
      if (!isPlainObject(target))
        throw new ModelmillError(
          'ValidationException',
          'Each target must be an object with Id and Arn',
        );
      checkName('targets.member.id', target.Id);
      compileTargetInput(target);
      if (typeof target.Arn !== 'string' || !isArn(target.Arn)) {
        failed.push({
          TargetId: target.Id,
          ErrorCode: 'ValidationException',
          ErrorMessage: `Target ${target.Id}: Arn '${String(target.Arn)}' is not an ARN (expected arn:<partition>:<service>:<region>:<account>:<resource>)`,
        });
        continue;
      }
      accepted.push(target);
    }
    const existing = new Set(this.store.listTargets(row.bus, row.name).map((t) => t.Id));
    const total = new Set([...existing, ...accepted.map((t) => t.Id)]).size;
    if (total > MAX_TARGETS_PER_RULE)
      throw new ModelmillError(
        'LimitExceededException',
        `The requested resource exceeds the maximum number allowed. Rule ${row.name} would have ${total} targets; the limit is ${MAX_TARGETS_PER_RULE}.`,
      );
    this.store.transaction(() =>
      accepted.forEach((t) => this.store.putTarget(row.bus, row.name, t)),
    );
    this.changed();
    return failed;
  }

  removeTargets(input: { Rule: string; EventBusName?: string; Ids: string[] }): void {
    const row = this.rule(input.Rule, input.EventBusName);
    if (!Array.isArray(input.Ids) || input.Ids.length === 0)
      throw new ModelmillError(
        'ValidationException',
        "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    this.store.transaction(() =>
      input.Ids.forEach((id) => this.store.removeTarget(row.bus, row.name, id)),
    );
    this.changed();
  }

  listTargets(input: { Rule: string; EventBusName?: string; NextToken?: string; Limit?: number }) {
    const row = this.rule(input.Rule, input.EventBusName);
    const { items, nextToken } = page(
      this.store.listTargets(row.bus, row.name),
      input.NextToken,
      input.Limit,
    );
    return { Targets: items, ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  /** The compiled view (cached until the next change). */
  view(): LiveView {
    this.live ??= buildLiveView(this.store);
    return this.live;
  }
}
