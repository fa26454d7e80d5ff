import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isPlainObject, randomIds } from '../../core/index.js';
import { taskApiError, toStepFunctionsJson } from '../common/index.js';
import type { ParameterStore } from './types.js';

/**
 * Step Functions Task handlers for `arn:aws:states:::aws-sdk:ssm:<action>`.
 * Parameters arrive in PascalCase (`Name`, `WithDecryption`, `Path`, ...);
 * results are what the SDK integration returns, timestamps as ISO-8601;
 * failures are `Ssm.<Code>Exception` errors (`Ssm.ParameterNotFoundException`)
 * with AWS's cause text.
 */

/** The part of the engine's integration registry this file needs. */
export interface SsmTaskRegistry {
  register(key: string, handler: (invocation: { parameters: unknown }) => Promise<unknown>): void;
}

/** Options of the SSM integrations. */
export interface SsmIntegrationOptions {
  /** Request ids in error causes. Default: random UUIDs. */
  ids?: IdGenerator;
}

type Run = (ssm: ParameterStore, p: any) => Promise<unknown>;

const ACTIONS: Record<string, Run> = {
  getParameter: (ssm, p) => ssm.getParameter(p),
  getParameters: (ssm, p) => ssm.getParameters(p),
  getParametersByPath: (ssm, p) => ssm.getParametersByPath(p),
  putParameter: (ssm, p) => ssm.putParameter(p),
  deleteParameter: async (ssm, p) => {
    await ssm.deleteParameter(p);
    return {};
  },
  deleteParameters: (ssm, p) => ssm.deleteParameters(p),
  describeParameters: (ssm, p) => ssm.describeParameters(p),
  getParameterHistory: (ssm, p) => ssm.getParameterHistory(p),
  labelParameterVersion: (ssm, p) => ssm.labelParameterVersion(p),
  unlabelParameterVersion: (ssm, p) => ssm.unlabelParameterVersion(p),
};

/** The SSM actions served, as `aws-sdk:ssm:<action>` keys. */
export const SSM_TASK_ACTIONS = Object.keys(ACTIONS);

/** Registers `aws-sdk:ssm:<action>` handlers for every served action. */
export function registerSsmIntegrations(
  registry: SsmTaskRegistry,
  ssm: ParameterStore,
  options: SsmIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  for (const [action, run] of Object.entries(ACTIONS)) {
    registry.register(`aws-sdk:ssm:${action}`, async ({ parameters }) => {
      try {
        return toStepFunctionsJson(await run(ssm, isPlainObject(parameters) ? parameters : {}));
      } catch (err) {
        throw toStatesError(err, ids);
      }
    });
  }
}

/** The error Step Functions reports for a failed `aws-sdk:ssm` call: `Ssm.<Code>`, always with the `Exception` suffix. */
export function toStatesError(err: unknown, ids: IdGenerator = randomIds): StatesError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code !== 'string') return new StatesError('States.TaskFailed', message);
  return taskApiError({ code, message }, ids.uuid(), {
    prefix: 'Ssm',
    service: 'Ssm',
    wording: 'sdk',
    status: (failed) => (failed === 'InternalServerError' ? 500 : 400),
  });
}
