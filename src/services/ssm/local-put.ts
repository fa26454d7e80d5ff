import { ModelmillError } from '../../core/index.js';
import type { SsmContext } from './local-context.js';
import { arnPrefixLength } from './local-context.js';
import { assertParameterName } from './names.js';
import type { VersionRow } from './parameter-rows.js';
import type {
  ParameterTier,
  ParameterType,
  PutParameterInput,
  PutParameterOutput,
} from './types.js';

/** PutParameter for the embedded Parameter Store: AWS's rules, checked before anything is written. */

/** Largest value per tier, in characters. */
export const MAX_VALUE_LENGTH = { Standard: 4096, Advanced: 8192 } as const;
/** Versions kept per parameter; the oldest unlabelled one goes when a new one comes. */
export const MAX_VERSIONS = 100;
/** The key SecureStrings use when no KeyId is given. */
export const DEFAULT_KEY_ID = 'alias/aws/ssm';

const TYPES: readonly string[] = ['String', 'StringList', 'SecureString'];
const TIERS: readonly string[] = ['Standard', 'Advanced', 'Intelligent-Tiering'];
const DATA_TYPES: readonly string[] = ['text', 'aws:ec2:image', 'aws:ssm:integration'];

function validation(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/** PutParameter. */
export function putParameter(ctx: SsmContext, input: PutParameterInput): PutParameterOutput {
  assertParameterName(input.Name, { creating: true, arnPrefixLength: arnPrefixLength(ctx) });
  checkRequestShape(input);
  return ctx.rows.atomically(() => {
    const existing = ctx.rows.current(input.Name);
    if (existing !== undefined && input.Overwrite !== true) {
      throw new ModelmillError(
        'ParameterAlreadyExists',
        `The parameter already exists: '${input.Name}' (version ${existing.version}). To overwrite this value, set the overwrite option in the request to true.`,
      );
    }
    const row = nextVersion(ctx, input, existing);
    makeRoomForVersion(ctx, input.Name);
    ctx.rows.insert(row, existing === undefined ? input.Tags : undefined);
    return { Version: row.version, Tier: row.tier };
  });
}

function checkRequestShape(input: PutParameterInput): void {
  const name = input.Name;
  if (typeof input.Value !== 'string' || input.Value.length === 0) {
    throw validation(
      `Value of parameter '${name}' must be a non-empty string (got ${JSON.stringify(input.Value)})`,
    );
  }
  if (input.Type !== undefined && !TYPES.includes(input.Type)) {
    throw validation(
      `Type '${String(input.Type)}' of parameter '${name}' is not valid: use String, StringList or SecureString`,
    );
  }
  if (input.Tier !== undefined && !TIERS.includes(input.Tier)) {
    throw validation(
      `Tier '${String(input.Tier)}' of parameter '${name}' is not valid: use Standard, Advanced or Intelligent-Tiering`,
    );
  }
  if (input.DataType !== undefined && !DATA_TYPES.includes(input.DataType)) {
    throw validation(
      `The following data type is not supported: ${input.DataType} (parameter '${name}'); use text, aws:ec2:image or aws:ssm:integration`,
    );
  }
  if (input.DataType === 'aws:ec2:image' && !/^ami-[a-zA-Z0-9]+$/.test(input.Value)) {
    throw validation(
      `Parameter '${name}' has DataType aws:ec2:image, so its value must be an AMI id such as ami-12345abcdeEXAMPLE`,
    );
  }
  if (input.Tags !== undefined && input.Overwrite === true) {
    throw validation(
      `Invalid request: tags and overwrite can't be used together (parameter '${name}'). Remove Overwrite to create a tagged parameter, or update tags with AddTagsToResource.`,
    );
  }
  if (/\{\{.*\}\}/s.test(input.Value)) {
    throw validation(
      `Value of parameter '${name}' can't nest another parameter: remove '{{...}}' from the value`,
    );
  }
}

function nextVersion(
  ctx: SsmContext,
  input: PutParameterInput,
  existing: VersionRow | undefined,
): VersionRow {
  const name = input.Name;
  if (existing === undefined && input.Type === undefined) {
    throw validation(
      `A parameter type is required when you create a parameter: give Type (String, StringList or SecureString) for '${name}'`,
    );
  }
  const type: ParameterType = input.Type ?? (existing as VersionRow).type;
  if (input.KeyId !== undefined && type !== 'SecureString') {
    throw validation(
      `KeyId is only for SecureString parameters: '${name}' is a ${type}; drop KeyId or use Type SecureString`,
    );
  }
  const tier = resolveTier(name, input.Tier, existing, input.Value.length);
  const allowedPattern = input.AllowedPattern ?? existing?.allowedPattern;
  if (allowedPattern !== undefined) checkPattern(name, allowedPattern, input.Value);
  const row: VersionRow = {
    name,
    version: (existing?.version ?? 0) + 1,
    type,
    value: type === 'SecureString' ? ctx.box.encrypt(input.Value, name) : input.Value,
    dataType: input.DataType ?? existing?.dataType ?? 'text',
    tier,
    lastModifiedMs: ctx.clock.now(),
    lastModifiedUser: ctx.user,
    labels: [],
  };
  const keyId =
    type !== 'SecureString'
      ? undefined
      : (input.KeyId ??
        (existing?.type === 'SecureString' ? existing.keyId : undefined) ??
        DEFAULT_KEY_ID);
  if (keyId !== undefined) row.keyId = keyId;
  const description = input.Description ?? existing?.description;
  if (description !== undefined) row.description = description;
  if (allowedPattern !== undefined) row.allowedPattern = allowedPattern;
  return row;
}

function resolveTier(
  name: string,
  requested: ParameterTier | undefined,
  existing: VersionRow | undefined,
  length: number,
): VersionRow['tier'] {
  const current = existing?.tier ?? 'Standard';
  let tier: VersionRow['tier'] =
    requested === undefined
      ? current
      : requested === 'Intelligent-Tiering'
        ? length > MAX_VALUE_LENGTH.Standard
          ? 'Advanced'
          : current
        : requested;
  if (current === 'Advanced' && tier === 'Standard') {
    if (requested === 'Standard') {
      throw validation(
        `Parameter '${name}' is an Advanced parameter and can't be reverted to Standard; delete it and create it again to make it Standard`,
      );
    }
    tier = 'Advanced';
  }
  if (length > MAX_VALUE_LENGTH[tier]) {
    throw validation(
      tier === 'Standard'
        ? `Standard tier parameters support a maximum parameter value of ${MAX_VALUE_LENGTH.Standard} characters: '${name}' has ${length}. To create a larger parameter value, use Tier Advanced (up to ${MAX_VALUE_LENGTH.Advanced}).`
        : `Advanced tier parameters support a maximum parameter value of ${MAX_VALUE_LENGTH.Advanced} characters: '${name}' has ${length}. Keep large values in S3 and store their URI.`,
    );
  }
  return tier;
}

function checkPattern(name: string, pattern: string, value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (err) {
    throw new ModelmillError(
      'InvalidAllowedPatternException',
      `AllowedPattern '${pattern}' of parameter '${name}' is not a valid regular expression: ${(err as Error).message}`,
    );
  }
  if (!regex.test(value)) {
    throw new ModelmillError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern} (parameter '${name}'); change the value or the pattern`,
    );
  }
}

function makeRoomForVersion(ctx: SsmContext, name: string): void {
  if (ctx.rows.versionCount(name) < MAX_VERSIONS) return;
  const oldest = ctx.rows.oldest(name);
  if (oldest === undefined) return;
  if (oldest.labels.length > 0) {
    throw new ModelmillError(
      'ParameterMaxVersionLimitExceeded',
      `Parameter '${name}' already has ${MAX_VERSIONS} versions, and version ${oldest.version}, the oldest, can't be deleted because it has a label (${oldest.labels.join(', ')}). Move the label to another version, and try again.`,
    );
  }
  ctx.rows.deleteVersion(name, oldest.version);
}
