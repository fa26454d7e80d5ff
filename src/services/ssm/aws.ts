import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { ModelmillError, errorMessage } from '../../core/index.js';
import type { Parameter, ParameterHistory, ParameterMetadata, ParameterStore } from './types.js';

/**
 * The Parameter Store port over `@aws-sdk/client-ssm`, with SDK errors
 * translated at this boundary to the ModelmillErrors the embedded adapter
 * raises (same codes; the message names the parameter).
 */

/** Options of the AWS adapter. */
export interface AwsSsmOptions {
  /** A ready client; when absent one is built from `clientConfig`. */
  client?: SSMClient;
  /** Region, endpoint, credentials. Default: the SDK's defaults from the environment. */
  clientConfig?: SSMClientConfig;
}

type Call = <T>(where: string, run: () => Promise<T>) => Promise<T>;

/** Creates the AWS-backed ParameterStore. */
export function createAwsSsm(options: AwsSsmOptions = {}): ParameterStore {
  const client = options.client ?? new SSMClient(options.clientConfig ?? {});
  const call: Call = async (where, run) => {
    try {
      return await run();
    } catch (err) {
      throw translateError(err, where);
    }
  };
  return { ...readOperations(client, call), ...writeOperations(client, call) };
}

type Input<K extends keyof ParameterStore> = Parameters<ParameterStore[K]>[0];

function readOperations(client: SSMClient, call: Call) {
  return {
    getParameter: async (input: Input<'getParameter'>) => {
      const out = await call(input.Name, () => client.send(new GetParameterCommand(input)));
      return { Parameter: parameter(out.Parameter ?? {}) };
    },
    getParameters: async (input: Input<'getParameters'>) => {
      const out = await call(input.Names.join(', '), () =>
        client.send(new GetParametersCommand(input)),
      );
      return {
        Parameters: (out.Parameters ?? []).map(parameter),
        InvalidParameters: out.InvalidParameters ?? [],
      };
    },
    getParametersByPath: async (input: Input<'getParametersByPath'>) => {
      const out = await call(input.Path, () => client.send(new GetParametersByPathCommand(input)));
      return page((out.Parameters ?? []).map(parameter), out.NextToken);
    },
    describeParameters: async (input: Input<'describeParameters'>) => {
      const out = await call('DescribeParameters', () =>
        client.send(new DescribeParametersCommand(input)),
      );
      return page((out.Parameters ?? []).map(metadata), out.NextToken);
    },
    getParameterHistory: async (input: Input<'getParameterHistory'>) => {
      const out = await call(input.Name, () => client.send(new GetParameterHistoryCommand(input)));
      return page((out.Parameters ?? []).map(history), out.NextToken);
    },
  };
}

function writeOperations(client: SSMClient, call: Call) {
  return {
    putParameter: async (input: Input<'putParameter'>) => {
      const out = await call(input.Name, () => client.send(new PutParameterCommand(input)));
      return { Version: out.Version ?? 0, Tier: out.Tier ?? 'Standard' };
    },
    deleteParameter: async (input: Input<'deleteParameter'>) => {
      await call(input.Name, () => client.send(new DeleteParameterCommand(input)));
    },
    deleteParameters: async (input: Input<'deleteParameters'>) => {
      const out = await call(input.Names.join(', '), () =>
        client.send(new DeleteParametersCommand(input)),
      );
      return {
        DeletedParameters: out.DeletedParameters ?? [],
        InvalidParameters: out.InvalidParameters ?? [],
      };
    },
    labelParameterVersion: async (input: Input<'labelParameterVersion'>) => {
      const out = await call(input.Name, () =>
        client.send(new LabelParameterVersionCommand(input)),
      );
      return {
        InvalidLabels: out.InvalidLabels ?? [],
        ParameterVersion: out.ParameterVersion ?? 0,
      };
    },
    unlabelParameterVersion: async (input: Input<'unlabelParameterVersion'>) => {
      const out = await call(input.Name, () =>
        client.send(new UnlabelParameterVersionCommand(input)),
      );
      return { RemovedLabels: out.RemovedLabels ?? [], InvalidLabels: out.InvalidLabels ?? [] };
    },
  };
}

function page<T>(parameters: T[], token: string | undefined) {
  return token === undefined
    ? { Parameters: parameters }
    : { Parameters: parameters, NextToken: token };
}

type Sdk = Record<string, any>;

function parameter(p: Sdk): Parameter {
  const out: Parameter = {
    Name: p.Name ?? '',
    Type: p.Type ?? 'String',
    Value: p.Value ?? '',
    Version: p.Version ?? 0,
    LastModifiedDate: p.LastModifiedDate ?? new Date(0),
    ARN: p.ARN ?? '',
    DataType: p.DataType ?? 'text',
  };
  if (p.Selector !== undefined) out.Selector = p.Selector;
  return out;
}

function metadata(p: Sdk): ParameterMetadata {
  const out: ParameterMetadata = {
    Name: p.Name ?? '',
    ARN: p.ARN ?? '',
    Type: p.Type ?? 'String',
    LastModifiedDate: p.LastModifiedDate ?? new Date(0),
    LastModifiedUser: p.LastModifiedUser ?? '',
    Version: p.Version ?? 0,
    Tier: p.Tier ?? 'Standard',
    Policies: [],
    DataType: p.DataType ?? 'text',
  };
  for (const field of ['KeyId', 'Description', 'AllowedPattern'] as const) {
    if (p[field] !== undefined) out[field] = p[field];
  }
  return out;
}

function history(p: Sdk): ParameterHistory {
  const { ARN: _arn, ...rest } = metadata(p);
  return { ...rest, Value: p.Value ?? '', Labels: p.Labels ?? [] };
}

/** Turns an SDK error into the ModelmillError the embedded adapter would raise. */
function translateError(err: unknown, where: string): unknown {
  const name = (err as { name?: string } | undefined)?.name ?? 'InternalServerError';
  const fault = (err as { $fault?: string }).$fault === 'server' ? 'server' : 'client';
  const message = errorMessage(err);
  const text = message === '' || message === 'UnknownError' ? name : message;
  return new ModelmillError(name, `${text} (parameter '${where}')`, { cause: err, fault });
}
