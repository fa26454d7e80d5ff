import { validation } from './names.js';
import type { MetricData, MetricDefinition } from './types.js';

/**
 * Metrics as SageMaker reads them: each MetricDefinition's regular
 * expression runs over every line of the job's log; its first capture group
 * is the value; the final value of a metric is the last one seen.
 */

/** Compiles the definitions, with a ValidationException naming a bad one. */
export function compileMetricDefinitions(
  definitions: readonly MetricDefinition[] | undefined,
): { name: string; regex: RegExp }[] {
  return (definitions ?? []).map((d, i) => {
    if (typeof d?.Name !== 'string' || typeof d.Regex !== 'string') {
      throw validation(
        `MetricDefinitions[${i}] needs a Name and a Regex (strings), e.g. {"Name": "accuracy", "Regex": "accuracy: ([0-9\\\\.]+)"}`,
      );
    }
    try {
      return { name: d.Name, regex: new RegExp(d.Regex) };
    } catch (err) {
      throw validation(
        `MetricDefinitions[${i}] ('${d.Name}') has an invalid Regex '${d.Regex}': ${(err as Error).message}`,
      );
    }
  });
}

/** The last value of each metric found in `lines`, in definition order. */
export function finalMetrics(
  definitions: readonly MetricDefinition[] | undefined,
  lines: Iterable<{ message: string; timestamp: number }>,
): MetricData[] {
  const compiled = compileMetricDefinitions(definitions);
  const last = new Map<string, MetricData>();
  for (const line of lines) {
    for (const { name, regex } of compiled) {
      const match = regex.exec(line.message);
      const text = match?.[1] ?? match?.[0];
      if (text === undefined) continue;
      const value = Number.parseFloat(text);
      if (!Number.isFinite(value)) continue;
      last.set(name, { MetricName: name, Value: value, Timestamp: line.timestamp / 1000 });
    }
  }
  return compiled.flatMap(({ name }) => {
    const metric = last.get(name);
    return metric ? [metric] : [];
  });
}
