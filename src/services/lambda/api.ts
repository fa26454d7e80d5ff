import type { ApiModule, ApiRequest, RawResponse, RestRoute } from '../../server/index.js';
import { body } from '../../server/index.js';
import type { InvocationType, LambdaService } from './types.js';

/**
 * Lambda's REST protocol (`/2015-03-31/functions/...`) over the port, for
 * `@aws-sdk/client-lambda` and `aws lambda ... --endpoint-url`. Invoke takes
 * the raw event as the body and answers the raw payload, with
 * `X-Amz-Function-Error` when the function failed.
 */

const BASE = '/2015-03-31/functions';

function qualifier(request: ApiRequest): { Qualifier?: string } {
  const value = request.query.Qualifier;
  return value === undefined ? {} : { Qualifier: value };
}

async function invoke(service: LambdaService, request: ApiRequest): Promise<RawResponse> {
  const logType = request.headers['x-amz-log-type'];
  const out = await service.invoke({
    FunctionName: request.params.name ?? '',
    InvocationType: (request.headers['x-amz-invocation-type'] ??
      'RequestResponse') as InvocationType,
    ...(logType === 'Tail' || logType === 'None' ? { LogType: logType } : {}),
    ...(request.headers['x-amz-client-context']
      ? { ClientContext: request.headers['x-amz-client-context'] }
      : {}),
    Payload: request.body.toString('utf8'),
    ...qualifier(request),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (out.ExecutedVersion) headers['x-amz-executed-version'] = out.ExecutedVersion;
  if (out.FunctionError) headers['x-amz-function-error'] = out.FunctionError;
  if (out.LogResult) headers['x-amz-log-result'] = out.LogResult;
  return { raw: true, status: out.StatusCode, headers, body: out.Payload ?? '' };
}

/** The ApiModule of Lambda for the HTTP server. */
export function lambdaApi(service: LambdaService): ApiModule {
  const name = (request: ApiRequest) => ({
    FunctionName: request.params.name ?? '',
    ...qualifier(request),
  });
  const rest: RestRoute[] = [
    {
      method: 'POST',
      path: BASE,
      status: 201,
      handler: (input) => service.createFunction(body(input) as never),
    },
    {
      method: 'GET',
      path: BASE,
      handler: (_input, request) =>
        service.listFunctions({
          ...(request.query.Marker ? { Marker: request.query.Marker } : {}),
          ...(request.query.MaxItems ? { MaxItems: Number(request.query.MaxItems) } : {}),
        }),
    },
    {
      method: 'GET',
      path: `${BASE}/{name}`,
      handler: (_input, request) => service.getFunction(name(request)),
    },
    {
      method: 'GET',
      path: `${BASE}/{name}/configuration`,
      handler: (_input, request) => service.getFunctionConfiguration(name(request)),
    },
    {
      method: 'DELETE',
      path: `${BASE}/{name}`,
      handler: async (_input, request): Promise<RawResponse> => {
        await service.deleteFunction(name(request));
        return { raw: true, status: 204 };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/{name}/code`,
      handler: (input, request) =>
        service.updateFunctionCode({ ...body(input), FunctionName: request.params.name ?? '' }),
    },
    {
      method: 'POST',
      path: `${BASE}/{name}/invocations`,
      handler: (_input, request) => invoke(service, request),
    },
  ];
  return { signingName: 'lambda', rest };
}
