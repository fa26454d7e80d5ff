import { basename, extname } from 'node:path';
import type { CfnParameter, CfnResource, SynthContext, SynthPart } from '../types.js';
import type { FunctionSpec } from './function-spec.js';
import { parseHandler } from './function-spec.js';
import { cfnTags, defined } from './support.js';
import { managedPolicy, serviceRole } from './synth-links.js';

/**
 * A function as CloudFormation: `AWS::Lambda::Function` with its code
 * location as template Parameters (a zip in S3 that CI builds from the
 * module's folder, or a container image for a command), and an
 * `AWS::IAM::Role` allowed to write its logs when the spec names no role.
 */

/** The template Parameter naming the bucket of every function's code package. */
export const FUNCTION_CODE_BUCKET = 'FunctionCodeBucket';

interface SynthCode {
  properties: Record<string, unknown>;
  parameters: Record<string, CfnParameter>;
}

/** The CloudFormation resources of a function spec. */
export function synthFunction(spec: FunctionSpec, context: SynthContext): SynthPart {
  const id = context.logicalId;
  const roleId = `${id}Role`;
  const resources: Record<string, CfnResource> = {};
  if (spec.role === undefined) {
    resources[roleId] = serviceRole(
      'lambda.amazonaws.com',
      [],
      [managedPolicy('service-role/AWSLambdaBasicExecutionRole')],
    );
  }
  const code = codeOf(spec, context);
  resources[id] = {
    Type: 'AWS::Lambda::Function',
    Properties: defined({
      FunctionName: spec.name,
      Role: spec.role ?? { 'Fn::GetAtt': [roleId, 'Arn'] },
      ...code.properties,
      Timeout: spec.timeout,
      MemorySize: spec.memorySize,
      Environment:
        Object.keys(spec.environment).length > 0 ? { Variables: spec.environment } : undefined,
      Description: spec.description,
      Tags: cfnTags(spec.tags),
    }),
  };
  return {
    resources,
    parameters: code.parameters,
    outputs: {
      [`${id}Arn`]: {
        Description: `ARN of function ${spec.name}`,
        Value: { 'Fn::GetAtt': [id, 'Arn'] },
      },
    },
  };
}

/** The code properties: a zip in S3 for a module, an image for a command. */
function codeOf(spec: FunctionSpec, context: SynthContext): SynthCode {
  const id = context.logicalId;
  const parsed = parseHandler(spec.handler);
  if (!('kind' in parsed) || parsed.kind === 'command') {
    const command = 'command' in parsed ? parsed.command : spec.handler;
    context.note(
      `function '${spec.name}' runs the command '${command}' locally; on AWS build a container image that runs it behind the Lambda Runtime API (e.g. with a runtime interface client), push it to ECR and pass its URI as the parameter ${id}ImageUri`,
    );
    return {
      properties: { PackageType: 'Image', Code: { ImageUri: { Ref: `${id}ImageUri` } } },
      parameters: {
        [`${id}ImageUri`]: {
          Type: 'String',
          Description: `ECR image URI of function ${spec.name}`,
        },
      },
    };
  }
  const file = basename(parsed.path);
  const moduleName = basename(file, extname(file));
  const key = `functions/${spec.name}.zip`;
  context.note(
    `function '${spec.name}': zip the folder of ${file} (its dependencies included) with ${file} at the root${/\.m?ts$/.test(file) ? ', compiled to JavaScript,' : ''} and upload it to s3://<${FUNCTION_CODE_BUCKET}>/${key} (or pass another key as the parameter ${id}CodeKey)`,
  );
  return {
    properties: {
      Runtime: spec.runtime,
      Handler: `${moduleName}.${parsed.exportName}`,
      Code: { S3Bucket: { Ref: FUNCTION_CODE_BUCKET }, S3Key: { Ref: `${id}CodeKey` } },
    },
    parameters: {
      [FUNCTION_CODE_BUCKET]: {
        Type: 'String',
        Description: 'S3 bucket holding the functions’ code packages (zip files CI uploads)',
      },
      [`${id}CodeKey`]: {
        Type: 'String',
        Default: key,
        Description: `S3 key of the code package of function ${spec.name}`,
      },
    },
  };
}
