import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer } from '../../src/server/index.js';
import type { ApiModule, RunningServer } from '../../src/server/index.js';

/**
 * What the wire-protocol tests (`test/services/*.api.test.ts`) share: an HTTP
 * server in front of embedded services, started on first use, and the
 * settings with which the AWS SDK and the AWS CLI reach it.
 */

/** Credentials for SDK clients: the embedded server checks no signatures. */
export const testCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** SDK client settings for the local server at `endpoint`: region and the test credentials. */
export function localSdkConfig(
  endpoint: string,
  region = 'us-east-1',
): { endpoint: string; region: string; credentials: typeof testCredentials } {
  return { endpoint, region, credentials: testCredentials };
}

/** The environment of an AWS CLI run against the local server: test credentials, region, no pager. */
export function awsCliEnv(region = 'us-east-1'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: '',
  };
}

/** Starts the server on its first call and answers the same one after; `close()` stops it if started. */
export interface LazyServer {
  (): Promise<RunningServer>;
  close(): Promise<void>;
}

/**
 * A server (on a free port) over the modules `build` gives, built and started
 * on first use, so that only the suites that run pay for it.
 */
export function lazyServer(build: () => ApiModule[] | Promise<ApiModule[]>): LazyServer {
  let started: Promise<RunningServer> | undefined;
  const serve = () =>
    (started ??= Promise.resolve()
      .then(build)
      .then((modules) => startServer({ modules, port: 0 }))
      .catch((err: unknown) => {
        started = undefined;
        throw err;
      }));
  return Object.assign(serve, {
    close: async () => {
      const server = await started?.catch(() => undefined);
      await server?.close();
    },
  });
}

const run = promisify(execFile);

/** Whether the AWS CLI (`aws`) can be run here (tests that need it skip without it). */
export async function awsCliAvailable(): Promise<boolean> {
  return run('aws', ['--version']).then(
    () => true,
    () => false,
  );
}

/**
 * Runs `aws <service> <args>` against the local server at `endpoint` (JSON
 * output, the `awsCliEnv` environment, 20 s at most) and answers the parsed
 * output, `{}` when the command prints nothing.
 */
export function awsCliJson(service: string, endpoint: string): (...args: string[]) => Promise<any> {
  const env = awsCliEnv();
  return async (...args) => {
    const { stdout } = await run(
      'aws',
      [service, '--endpoint-url', endpoint, '--output', 'json', ...args],
      { env, timeout: 20_000 },
    );
    return JSON.parse(stdout || '{}');
  };
}
