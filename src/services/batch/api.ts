import type { ApiModule, RestRoute } from '../../server/index.js';
import type { BatchService } from './types.js';

/**
 * Batch's REST JSON API (`POST /v1/<operation>` with a JSON body) over the
 * port, for `@aws-sdk/client-batch` and `aws batch ... --endpoint-url`. Bodies
 * pass through unchanged: the port already speaks Batch's field names.
 */

const OPERATIONS: Array<[path: string, method: keyof BatchService]> = [
  ['createcomputeenvironment', 'createComputeEnvironment'],
  ['describecomputeenvironments', 'describeComputeEnvironments'],
  ['updatecomputeenvironment', 'updateComputeEnvironment'],
  ['deletecomputeenvironment', 'deleteComputeEnvironment'],
  ['createjobqueue', 'createJobQueue'],
  ['describejobqueues', 'describeJobQueues'],
  ['updatejobqueue', 'updateJobQueue'],
  ['deletejobqueue', 'deleteJobQueue'],
  ['registerjobdefinition', 'registerJobDefinition'],
  ['describejobdefinitions', 'describeJobDefinitions'],
  ['deregisterjobdefinition', 'deregisterJobDefinition'],
  ['submitjob', 'submitJob'],
  ['describejobs', 'describeJobs'],
  ['listjobs', 'listJobs'],
  ['terminatejob', 'terminateJob'],
  ['canceljob', 'cancelJob'],
];

/** The ApiModule of Batch for the HTTP server. */
export function batchApi(service: BatchService): ApiModule {
  const rest: RestRoute[] = OPERATIONS.map(([path, method]) => ({
    method: 'POST',
    path: `/v1/${path}`,
    handler: (input: unknown) =>
      (service[method] as (request: unknown) => Promise<unknown>)(input ?? {}),
  }));
  return { signingName: 'batch', rest };
}
