import { isPlainObject } from '../core/index.js';
import { DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';
import { describe } from './validate-values.js';

/**
 * The Task `Resource` field: a service integration
 * (`arn:aws:states:::service:action[.sync|.sync:2|.waitForTaskToken]`), an
 * `aws-sdk` integration, a Lambda function ARN (optionally with a version or
 * alias) or an activity ARN.
 */

/** How the Resource check is run. */
export interface ResourceCheck {
  machineType: 'STANDARD' | 'EXPRESS';
  cloudFormation: boolean;
}

const ARN = /^arn:([\w-]+):([\w-]+):([\w-]*):(\d*|[\w-]*):(.+)$/;
const INTEGRATION =
  /^(?:aws-sdk:[a-z0-9-]+:[A-Za-z0-9]+|[a-z0-9-]+:[A-Za-z0-9]+)(\.sync(?::2)?|\.waitForTaskToken)?$/;
const FUNCTION = /^function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const ACTIVITY = /^activity:[^\s:]{1,80}$/;
const CFN_INTRINSICS = [
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::ImportValue',
  'Fn::If',
  'Fn::Select',
  'Fn::FindInMap',
];

/** Checks a Task's Resource value at `location`. */
export function checkResource(
  value: unknown,
  check: ResourceCheck,
  location: string,
  out: DiagnosticCollector,
): void {
  if (check.cloudFormation && isCfnIntrinsic(value)) return;
  if (typeof value !== 'string') {
    out.schema(
      `Expected value of type [STRING] for Resource, got ${describe(value)}. Give the ARN of a service integration, Lambda function or activity.`,
      location,
    );
    return;
  }
  let arn = value;
  if (check.cloudFormation && value.includes('${')) {
    if (!/^(?:[^$]|\$(?!\{)|\$\{[^}]+\})*$/.test(value)) {
      out.error(
        DiagnosticCode.INVALID_RESOURCE,
        `The Resource '${value}' has an unclosed \${...} placeholder. Close it with '}'.`,
        location,
      );
      return;
    }
    if (/^\$\{[^}]+\}$/.test(value)) return;
    arn = value.replace(/\$\{[^}]+\}/g, 'x');
  }
  const problem = arnProblem(arn, check.machineType);
  if (problem === undefined) return;
  if (problem.warning) out.warn(DiagnosticCode.INVALID_RESOURCE, problem.message(value), location);
  else out.error(DiagnosticCode.INVALID_RESOURCE, problem.message(value), location);
}

interface Problem {
  warning?: boolean;
  message(value: string): string;
}

function arnProblem(arn: string, machineType: 'STANDARD' | 'EXPRESS'): Problem | undefined {
  const match = ARN.exec(arn);
  if (match === null) {
    return {
      message: (v) =>
        `The resource provided ${v} is not recognized. The value is not a valid resource ARN: use arn:aws:states:::<service>:<action>, a Lambda function ARN or an activity ARN.`,
    };
  }
  const [, , service, region, account, resource = ''] = match;
  if (service === 'lambda') return lambdaProblem(resource);
  if (service !== 'states') {
    return {
      warning: true,
      message: (v) =>
        `The resource ${v} is neither a Step Functions service integration, a Lambda function nor an activity; AWS runs only those as Task resources.`,
    };
  }
  if (region === '' && account === '') return integrationProblem(resource, machineType);
  if (ACTIVITY.test(resource)) return undefined;
  return {
    message: (v) =>
      `The resource provided ${v} is not recognized: a states ARN with a region and account must name an activity (activity:<name>).`,
  };
}

function lambdaProblem(resource: string): Problem | undefined {
  if (FUNCTION.test(resource)) return undefined;
  return {
    message: (v) =>
      `The resource ${v} is not a valid Lambda function ARN: expected function:<name> with an optional :<version or alias> (letters, digits, '-' and '_', or $LATEST).`,
  };
}

function integrationProblem(
  resource: string,
  machineType: 'STANDARD' | 'EXPRESS',
): Problem | undefined {
  const match = INTEGRATION.exec(resource);
  if (match === null) {
    return {
      message: (v) =>
        `The resource provided ${v} is not recognized. A service integration is arn:aws:states:::<service>:<action>, optionally ending in .sync, .sync:2 or .waitForTaskToken.`,
    };
  }
  const pattern = match[1];
  if (machineType === 'EXPRESS' && pattern !== undefined) {
    const name = pattern.startsWith('.sync') ? '.sync' : '.waitForTaskToken';
    return {
      message: () =>
        `Express state machine does not support '${name}' service integration. Use a STANDARD state machine, or the request-response form of the integration.`,
    };
  }
  return undefined;
}

function isCfnIntrinsic(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && CFN_INTRINSICS.includes(keys[0] ?? '');
}
