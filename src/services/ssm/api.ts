import { isPlainObject } from '../../core/index.js';
import type { ApiModule, JsonHandler } from '../../server/index.js';
import type { ParameterStore } from './types.js';

/**
 * The `AmazonSSM.*` JSON 1.1 protocol (`X-Amz-Target: AmazonSSM.GetParameter`)
 * for the Parameter Store operations, as `@aws-sdk/client-ssm` and
 * `aws ssm ... --endpoint-url` speak it. Timestamps go out as epoch seconds.
 */

/** Dates become epoch seconds, the JSON protocols' timestamp form. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = toWire(field);
    return out;
  }
  return value;
}

/** The SSM operations served over HTTP. */
export function ssmApi(ssm: ParameterStore): ApiModule {
  const op =
    (run: (input: any) => Promise<unknown>): JsonHandler =>
    async (input: unknown) =>
      toWire(await run(isPlainObject(input) ? input : {}));
  return {
    signingName: 'ssm',
    json: {
      targetPrefix: 'AmazonSSM',
      operations: {
        PutParameter: op((i) => ssm.putParameter(i)),
        GetParameter: op((i) => ssm.getParameter(i)),
        GetParameters: op((i) => ssm.getParameters(i)),
        GetParametersByPath: op((i) => ssm.getParametersByPath(i)),
        DeleteParameter: op(async (i) => {
          await ssm.deleteParameter(i);
          return {};
        }),
        DeleteParameters: op((i) => ssm.deleteParameters(i)),
        DescribeParameters: op((i) => ssm.describeParameters(i)),
        GetParameterHistory: op((i) => ssm.getParameterHistory(i)),
        LabelParameterVersion: op((i) => ssm.labelParameterVersion(i)),
        UnlabelParameterVersion: op((i) => ssm.unlabelParameterVersion(i)),
      },
    },
  };
}
