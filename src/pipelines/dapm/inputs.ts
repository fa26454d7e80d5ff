import { ModelmillError, isPlainObject } from '../../core/index.js';
import type { DapmContext, DapmNames } from './names.js';
import { INPUT_KEYS } from './orchestrator.js';

/**
 * The orchestrators' inputs as the estate's CI assembles them: the static
 * values kept in SSM (`/np-dapf-ssm/{ctx}_step_function_inputs`) plus the
 * run date. The seed documents' sample inputs are accepted as written —
 * JSON, JSON with `#` comments, or Terraform's HCL map syntax — either the
 * whole `step_function_inputs` object or one context's object.
 */

/** One context's inputs: string values by key. */
export type StepFunctionInputs = Record<string, string>;

/** Parses an inputs document (JSON, commented JSON, or HCL map syntax). */
export function parseInputsDocument(text: string, where: string): unknown {
  const json = hclToJson(stripComments(text));
  try {
    return JSON.parse(json) as unknown;
  } catch (err) {
    throw new ModelmillError(
      'InvalidInputs',
      `${where} is neither JSON nor the HCL map syntax of the seed documents: ${(err as Error).message}`,
    );
  }
}

/** Picks one context's inputs out of a parsed document (whole `step_function_inputs`, or one context's object). */
export function contextInputs(
  document: unknown,
  ctx: DapmContext,
  where: string,
): StepFunctionInputs {
  let node: unknown = document;
  if (isPlainObject(node) && isPlainObject(node.step_function_inputs))
    node = node.step_function_inputs;
  const key = ctx === 'training' ? 'training_inputs' : 'inference_inputs';
  if (isPlainObject(node) && isPlainObject(node[key])) node = node[key];
  if (!isPlainObject(node))
    throw new ModelmillError(
      'InvalidInputs',
      `${where}: expected an object of inputs (or step_function_inputs with ${key})`,
    );
  if (isPlainObject(node.training_inputs) || isPlainObject(node.inference_inputs)) {
    throw new ModelmillError(
      'InvalidInputs',
      `${where} has no ${key}: it holds ${Object.keys(node).join(', ')}`,
    );
  }
  const inputs: StepFunctionInputs = {};
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'string') inputs[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') inputs[k] = String(v);
  }
  return inputs;
}

/** A derived input and where it came from, for messages. */
interface Derivation {
  key: string;
  from: string;
  value: (inputs: StepFunctionInputs, names: DapmNames, ctx: DapmContext) => string | undefined;
}

const DERIVATIONS: Derivation[] = [
  {
    key: 'batch_job_failure_threshold_percent',
    from: 'the default (0: any failed partition fails the run)',
    value: () => '0',
  },
  {
    key: 'step_function_arn',
    from: 'the use case prefix (<np>-modelops-<ctx>-orchestrator)',
    value: (i, n, ctx) =>
      `arn:aws:states:${i.region ?? 'us-east-1'}:000000000000:stateMachine:${n[ctx].stateMachine}`,
  },
  {
    key: 's3_bucket_name_analytics_etl',
    from: 'the shared bucket name (<np>-analytics-etl)',
    value: (i, n) => analyticsBucket(i) ?? n.analyticsBucket,
  },
  {
    key: 'mapping_json_S3_inference_path',
    from: 'mapping_json_S3_path',
    value: (i) => i.mapping_json_S3_path,
  },
  { key: 'training_athenadb_name', from: 'athenadb_name', value: (i) => i.athenadb_name },
  {
    key: 'training_athenadb_metadata_table_name',
    from: 'the convention (metatable)',
    value: () => 'metatable',
  },
  {
    key: 'training_athenadb_debug_table_name',
    from: 'the convention (debug)',
    value: () => 'debug',
  },
  {
    key: 'training_event_bus_name',
    from: 'inferencing_event_bus_name',
    value: (i) => i.inferencing_event_bus_name,
  },
  {
    key: 'inferencing_event_bus_name',
    from: 'training_event_bus_name',
    value: (i) => i.training_event_bus_name,
  },
  { key: 'sns_topic_arn', from: 'email_topic_arn', value: (i) => i.email_topic_arn },
  {
    key: 'model_package_group_name',
    from: 'the use case prefix (<np>-dapf-mpg)',
    value: (_, n) => n.modelPackageGroup,
  },
  { key: 'athenadb_debug_table_name', from: 'the convention (debug)', value: () => 'debug' },
  {
    key: 'athenadb_evaluation_summary_table_name',
    from: 'the convention (model_eval_summary)',
    value: () => 'model_eval_summary',
  },
  {
    key: 'athenadb_metadata_table_name',
    from: 'the convention (metatable)',
    value: () => 'metatable',
  },
];

function analyticsBucket(inputs: StepFunctionInputs): string | undefined {
  const shared = inputs.s3_bucket_name_shared;
  const match = shared ? /^(.*?)-(training|inferencing)-shared$/.exec(shared) : null;
  return match ? `${match[1]}-analytics-etl` : undefined;
}

/**
 * Completes the inputs for a run: today's `year`/`month`/`day` (UTC,
 * zero-padded, overriding), keys newer definitions read derived by
 * convention, and a clear error for any key still missing — naming the key
 * it would be derived from.
 */
export function completeInputs(
  ctx: DapmContext,
  inputs: StepFunctionInputs,
  names: DapmNames,
  now: Date,
): StepFunctionInputs {
  const out: StepFunctionInputs = { ...inputs };
  out.year = String(now.getUTCFullYear());
  out.month = String(now.getUTCMonth() + 1).padStart(2, '0');
  out.day = String(now.getUTCDate()).padStart(2, '0');
  for (const d of DERIVATIONS) {
    if (out[d.key] !== undefined) continue;
    const value = d.value(out, names, ctx);
    if (value !== undefined) out[d.key] = value;
  }
  const missing = INPUT_KEYS[ctx].filter((key) => out[key] === undefined);
  if (missing.length > 0) {
    const explain = missing.map((key) => {
      const d = DERIVATIONS.find((x) => x.key === key);
      return d ? `${key} (would be derived from ${d.from}, which is missing too)` : key;
    });
    throw new ModelmillError(
      'MissingInputs',
      `the ${ctx} inputs lack ${explain.join(', ')}: add them to the inputs file or to ${names[ctx].stepFunctionInputsParam}`,
    );
  }
  return out;
}

function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else out += c;
  }
  return out;
}

/** HCL map syntax → JSON: `name = {`, `"k" = "v"`, lists, trailing commas, a bare top-level assignment. */
function hclToJson(text: string): string {
  let json = text.trim();
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(json);
  if (assignment) json = `{"${assignment[1]}": ${json.slice(assignment[0].length)}}`;
  json = json.replace(
    /("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/g,
    (_, key: string) => `${key.startsWith('"') ? key : `"${key}"`}:`,
  );
  // A newline between two members is a separator in HCL.
  json = json.replace(/("|\d|true|false|null|\}|\])(\s*\n\s*)(?=")/g, '$1,$2');
  json = json.replace(/,(\s*[}\]])/g, '$1');
  return json;
}
