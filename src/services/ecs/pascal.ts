import { isPlainObject } from '../../core/index.js';

/**
 * Step Functions speaks to ECS in PascalCase (`TaskDefinition`,
 * `Overrides.ContainerOverrides[].Environment[].Name`) and returns ECS's
 * answers in PascalCase. Keys of maps (`logConfiguration.options` such as
 * `awslogs-group`, docker labels) are data and keep their spelling. Dates go
 * out as epoch milliseconds from the optimised integration (`ecs:runTask`)
 * and as ISO-8601 text from the SDK integration (`aws-sdk:ecs:*`).
 */

const MAPS = new Set(['options', 'dockerLabels', 'driverOpts', 'labels']);

const DATES = new Set([
  'createdAt',
  'startedAt',
  'stoppedAt',
  'stoppingAt',
  'pullStartedAt',
  'pullStoppedAt',
  'executionStoppedAt',
  'connectivityAt',
  'registeredAt',
  'deregisteredAt',
]);

const lower = (k: string): string => k.charAt(0).toLowerCase() + k.slice(1);
const upper = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);

type DateStyle = 'ms' | 'iso';

function date(seconds: number, style: DateStyle): number | string {
  const ms = Math.round(seconds * 1000);
  return style === 'ms' ? ms : new Date(ms).toISOString().replace('.000Z', 'Z');
}

function convert(value: unknown, key: (k: string) => string, dates?: DateStyle): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, key, dates));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const camel = lower(k);
    if (MAPS.has(camel) && isPlainObject(v)) out[key(k)] = { ...v };
    else if (dates && DATES.has(camel) && typeof v === 'number') out[key(k)] = date(v, dates);
    else out[key(k)] = convert(v, key, dates);
  }
  return out;
}

/** A Step Functions request (PascalCase) as the ECS API's camelCase. */
export function toCamel(value: unknown): any {
  return convert(value, lower);
}

/** An ECS answer as Step Functions returns it: PascalCase, dates in the integration's style. */
export function toPascal(value: unknown, dates: DateStyle): any {
  return convert(value, upper, dates);
}
