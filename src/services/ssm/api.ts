import type { ApiModule } from '../../server/index.js';
import { jsonOperation } from '../../server/index.js';
import type { ParameterStore } from './types.js';

/**
 * The `AmazonSSM.*` JSON 1.1 protocol (`X-Amz-Target: AmazonSSM.GetParameter`)
 * for the Parameter Store operations, as `@aws-sdk/client-ssm` and
 * `aws ssm ... --endpoint-url` speak it. Timestamps go out as epoch seconds.
 */

/** The SSM operations served over HTTP. */
export function ssmApi(ssm: ParameterStore): ApiModule {
  return {
    signingName: 'ssm',
    json: {
      targetPrefix: 'AmazonSSM',
      operations: {
        PutParameter: jsonOperation((i) => ssm.putParameter(i)),
        GetParameter: jsonOperation((i) => ssm.getParameter(i)),
        GetParameters: jsonOperation((i) => ssm.getParameters(i)),
        GetParametersByPath: jsonOperation((i) => ssm.getParametersByPath(i)),
        DeleteParameter: jsonOperation(async (i) => {
          await ssm.deleteParameter(i);
          return {};
        }),
        DeleteParameters: jsonOperation((i) => ssm.deleteParameters(i)),
        DescribeParameters: jsonOperation((i) => ssm.describeParameters(i)),
        GetParameterHistory: jsonOperation((i) => ssm.getParameterHistory(i)),
        LabelParameterVersion: jsonOperation((i) => ssm.labelParameterVersion(i)),
        UnlabelParameterVersion: jsonOperation((i) => ssm.unlabelParameterVersion(i)),
      },
    },
  };
}
