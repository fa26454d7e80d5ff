import type { StateMachineDefinition } from '../asl/index.js';
import { formatInvalidDefinition, validateDefinition } from '../asl/index.js';
import { ModelmillError, formatArn, isArn, nameFromArnOrName } from '../core/index.js';
import type { EngineDeps } from './deps.js';
import { pageOf } from './paging.js';
import type { ExecutionRecord, StateMachineRecord } from './store.js';

/** What CreateStateMachine takes. */
export interface CreateStateMachineInput {
  name: string;
  definition: string;
  roleArn?: string;
  type?: 'STANDARD' | 'EXPRESS';
  description?: string;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  tags?: Record<string, string>;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const DEFAULT_ROLE = 'arn:aws:iam::000000000000:role/modelmill-local';

/** Checks a state machine or execution name as AWS does (InvalidName). */
export function checkName(name: string, what: 'state machine' | 'execution'): void {
  if (!NAME.test(name)) {
    throw new ModelmillError(
      'InvalidName',
      `Invalid Name: '${name}': a ${what} name must be 1-80 characters of letters, digits, '-' and '_'`,
    );
  }
}

/** Parses and validates a definition; InvalidDefinition lists every problem with its location. */
export function compileDefinition(
  text: string,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): StateMachineDefinition {
  const result = validateDefinition(text, { type });
  if (result.result !== 'OK') {
    // Like AWS, the message names the first problems; all of them travel in `diagnostics`.
    const shown = result.diagnostics.slice(0, 10);
    const more = result.diagnostics.length - shown.length;
    const message =
      formatInvalidDefinition(shown) + (more > 0 ? ` (and ${more} more problems)` : '');
    throw new ModelmillError('InvalidDefinition', message, {
      details: { diagnostics: result.diagnostics },
    });
  }
  return JSON.parse(text) as StateMachineDefinition;
}

/** State machine CRUD over the store. */
export function createStateMachineApi(deps: EngineDeps) {
  const { store, scope, clock, ids } = deps;
  const arnFor = (name: string): string => formatArn(scope, 'states', `stateMachine:${name}`);

  /** Our ARN for any ARN (any account, any region) or name of a state machine. */
  function canonicalMachineArn(arnOrName: string): string {
    const withoutCase = arnOrName.split('#')[0] ?? arnOrName;
    return arnFor(isArn(withoutCase) ? nameFromArnOrName(withoutCase) : withoutCase);
  }

  function getMachine(arnOrName: string): StateMachineRecord {
    const record = store.getStateMachine(canonicalMachineArn(arnOrName));
    if (!record)
      throw new ModelmillError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${arnOrName}'`,
      );
    return record;
  }

  return {
    canonicalMachineArn,
    getMachine,
    createStateMachine(input: CreateStateMachineInput): {
      stateMachineArn: string;
      creationDate: number;
      updated: boolean;
    } {
      checkName(input.name, 'state machine');
      compileDefinition(input.definition, input.type ?? 'STANDARD');
      const arn = arnFor(input.name);
      const existing = store.getStateMachine(arn);
      const type = input.type ?? 'STANDARD';
      if (existing) {
        // AWS: creating the same machine again is idempotent; a different one conflicts.
        if (
          existing.definition === input.definition &&
          existing.type === type &&
          existing.roleArn === (input.roleArn ?? existing.roleArn)
        ) {
          return { stateMachineArn: arn, creationDate: existing.creationDate, updated: false };
        }
        throw new ModelmillError(
          'StateMachineAlreadyExists',
          `State Machine Already Exists: '${arn}' (use UpdateStateMachine to change it)`,
        );
      }
      const record: StateMachineRecord = {
        arn,
        name: input.name,
        type,
        definition: input.definition,
        roleArn: input.roleArn ?? DEFAULT_ROLE,
        creationDate: clock.now(),
        revisionId: ids.uuid(),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.loggingConfiguration === undefined
          ? {}
          : { loggingConfiguration: input.loggingConfiguration }),
        ...(input.tracingConfiguration === undefined
          ? {}
          : { tracingConfiguration: input.tracingConfiguration }),
        ...(input.tags === undefined ? {} : { tags: input.tags }),
      };
      store.putStateMachine(record);
      return { stateMachineArn: arn, creationDate: record.creationDate, updated: true };
    },
    updateStateMachine(input: {
      stateMachineArn: string;
      definition?: string;
      roleArn?: string;
      loggingConfiguration?: unknown;
    }): StateMachineRecord {
      const current = getMachine(input.stateMachineArn);
      if (input.definition !== undefined) compileDefinition(input.definition, current.type);
      const next: StateMachineRecord = {
        ...current,
        ...(input.definition === undefined ? {} : { definition: input.definition }),
        ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
        ...(input.loggingConfiguration === undefined
          ? {}
          : { loggingConfiguration: input.loggingConfiguration }),
        updateDate: clock.now(),
        revisionId: ids.uuid(),
      };
      store.putStateMachine(next);
      return next;
    },
    describeStateMachine: getMachine,
    listStateMachines(input: { maxResults?: number; nextToken?: string } = {}) {
      return pageOf(store.listStateMachines(), input.nextToken, input.maxResults);
    },
    deleteStateMachine(arnOrName: string): void {
      const arn = canonicalMachineArn(arnOrName);
      if (store.getStateMachine(arn)) store.deleteStateMachine(arn);
    },
    /** A new execution record (not yet stored). */
    newExecutionRecord(
      stateMachineArn: string,
      name: string,
      input: string,
      type: 'STANDARD' | 'EXPRESS',
      extra: {
        mapRunArn?: string;
        parentArn?: string;
        definitionText?: string;
        roleArn?: string;
      } = {},
    ): ExecutionRecord {
      const machineName = stateMachineArn.split(':').at(-1) ?? '';
      const resource = extra.mapRunArn
        ? `execution:${machineName}/${extra.mapRunArn.split(':').at(-2)?.split('/')[1] ?? 'map'}:${name}`
        : type === 'EXPRESS'
          ? `express:${machineName}:${name}:${ids.uuid()}`
          : `execution:${machineName}:${name}`;
      return {
        arn: formatArn(scope, 'states', resource),
        name,
        stateMachineArn,
        definition:
          extra.definitionText ?? store.getStateMachine(stateMachineArn)?.definition ?? '{}',
        type,
        roleArn: extra.roleArn ?? store.getStateMachine(stateMachineArn)?.roleArn ?? DEFAULT_ROLE,
        status: 'RUNNING',
        input,
        startDate: clock.now(),
        redriveCount: 0,
        ...(extra.mapRunArn === undefined ? {} : { mapRunArn: extra.mapRunArn }),
        ...(extra.parentArn === undefined ? {} : { parentArn: extra.parentArn }),
      };
    },
  };
}

/** The state machine API. */
export type StateMachineApi = ReturnType<typeof createStateMachineApi>;
