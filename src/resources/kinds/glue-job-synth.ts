import { basename, extname } from 'node:path';
import type { CfnParameter, CfnResource, SynthContext, SynthPart } from '../types.js';
import type { GlueJobSpec } from './glue-job-spec.js';
import { scriptKindOf } from './glue-job-spec.js';
import { defined } from './support.js';
import { managedPolicy, serviceRole } from './synth-links.js';

/**
 * A Glue job as CloudFormation: `AWS::Glue::Job` (with a role of its own when
 * the spec names none). Scripts that live beside the config locally are an
 * `s3://` template Parameter on AWS (CI uploads them); a built-in program
 * becomes a Python shell job whose script starts the program, said in the
 * job's Metadata and the template's notes.
 */

/** The Python version Glue runs a command with. */
const PYTHON_VERSION = { glueetl: '3', pythonshell: '3.9' } as const;

/** The CloudFormation resources of a Glue job spec. */
export function synthGlueJob(spec: GlueJobSpec, context: SynthContext): SynthPart {
  const id = context.logicalId;
  const roleId = `${id}Role`;
  const resources: Record<string, CfnResource> = {};
  if (spec.role === undefined) {
    resources[roleId] = serviceRole(
      'glue.amazonaws.com',
      [],
      [managedPolicy('service-role/AWSGlueServiceRole')],
    );
  }
  const script = scriptLocation(spec, context);
  resources[id] = {
    Type: 'AWS::Glue::Job',
    Properties: defined({
      Name: spec.name,
      Role: spec.role ?? { 'Fn::GetAtt': [roleId, 'Arn'] },
      Command: {
        Name: spec.command,
        ScriptLocation: script.location,
        PythonVersion: PYTHON_VERSION[spec.command],
      },
      DefaultArguments:
        Object.keys(spec.defaultArguments).length > 0 ? spec.defaultArguments : undefined,
      ExecutionProperty: { MaxConcurrentRuns: spec.maxConcurrentRuns },
      MaxRetries: spec.maxRetries,
      Timeout: spec.timeout,
      GlueVersion: spec.glueVersion,
      WorkerType: spec.workerType,
      NumberOfWorkers: spec.numberOfWorkers,
      Description: spec.description,
      Tags: spec.tags && Object.keys(spec.tags).length > 0 ? spec.tags : undefined,
    }),
    ...(script.metadata ? { Metadata: { modelmill: script.metadata } } : {}),
  };
  return {
    resources,
    ...(script.parameter ? { parameters: { [`${id}ScriptLocation`]: script.parameter } } : {}),
    outputs: {
      [`${id}Name`]: { Description: `Name of Glue job ${spec.name}`, Value: { Ref: id } },
    },
  };
}

interface SynthScript {
  location: unknown;
  parameter?: CfnParameter;
  metadata?: Record<string, string>;
}

/** Where the job's script is on AWS: the URI as written, or a Parameter CI fills. */
function scriptLocation(spec: GlueJobSpec, context: SynthContext): SynthScript {
  const kind = scriptKindOf(spec.script);
  if (kind === 's3') return { location: spec.script };
  const parameterName = `${context.logicalId}ScriptLocation`;
  const location = { Ref: parameterName };
  if (kind === 'program') {
    const program = spec.script.slice('program:'.length);
    const deploy = `a Python shell script that runs 'modelmill job ${program}' with the job's --key value arguments in the modelmill container image (for example as an ECS or Batch task it waits for), or the program ported to a Python shell script; upload it to S3 and pass its URI as the parameter ${parameterName}`;
    context.note(
      `Glue job '${spec.name}' runs the built-in program '${program}' locally; on AWS it is a Python shell job, so deploy ${deploy}`,
    );
    return {
      location,
      parameter: {
        Type: 'String',
        Description: `s3:// URI of the script that starts program ${program} for Glue job ${spec.name}`,
      },
      metadata: { program, deploy },
    };
  }
  const file = basename(spec.script);
  context.note(
    `Glue job '${spec.name}' runs the local script ${file}; upload it to S3 (e.g. aws s3 cp ${file} s3://<bucket>/glue-scripts/${file}) and pass its URI as the parameter ${parameterName}`,
  );
  if (extname(file).toLowerCase() !== '.py') {
    context.note(
      `Glue job '${spec.name}': AWS Glue runs Python (and Scala) scripts only, so ${file} runs locally but must be ported to Python before it deploys`,
    );
  }
  return {
    location,
    parameter: {
      Type: 'String',
      Description: `s3:// URI of the script ${file} of Glue job ${spec.name}`,
    },
  };
}
