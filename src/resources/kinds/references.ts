import type { ConfigIssue } from '../issues.js';
import type { ResourceSpec } from '../types.js';
import { athenaTableReferences } from './athena-table.js';
import { deliveryStreamReferences } from './delivery-stream.js';
import { jobQueueReferences } from './job-queue.js';
import { ruleReferences } from './rule.js';
import { subscriptionReferences } from './subscription.js';

/**
 * References between resources of one config: a queue names its compute
 * environments, a rule its bus, a subscription its topic, an Athena table its
 * database. `up` applies resources in the order listed and does not reorder
 * them, so a resource must come after those it names;
 * {@link referenceOrderIssues} finds those listed the other way round before
 * anything is applied. (References to resources outside the config must
 * exist when `up` runs. Rule targets are not checked: EventBridge needs them
 * only when it delivers.)
 */

/** Another resource a spec names: its kind, its key among that kind, and the field naming it. */
export interface ResourceReference {
  kind: string;
  key: string;
  field: string;
}

const REFERENCES: Record<string, (spec: any) => ResourceReference[]> = {
  jobQueue: jobQueueReferences,
  rule: ruleReferences,
  subscription: subscriptionReferences,
  athenaTable: athenaTableReferences,
  deliveryStream: deliveryStreamReferences,
};

/** The resources a spec names, which must exist before it is applied. */
export function referencesOf(spec: ResourceSpec): ResourceReference[] {
  return REFERENCES[spec.kind]?.(spec) ?? [];
}

/** What {@link referenceOrderIssues} needs of a compiled resource. */
export interface OrderedResource {
  index: number;
  kind: { kind: string };
  key: string;
  label: string;
  spec: ResourceSpec;
}

/** One issue per reference to a resource the config lists later than the one naming it. */
export function referenceOrderIssues(resources: readonly OrderedResource[]): ConfigIssue[] {
  const position = new Map(resources.map((r) => [`${r.kind.kind}\u0000${r.key}`, r]));
  const issues: ConfigIssue[] = [];
  for (const resource of resources) {
    for (const ref of referencesOf(resource.spec)) {
      const target = position.get(`${ref.kind}\u0000${ref.key}`);
      if (target && target.index > resource.index) {
        issues.push({
          where: `resources[${resource.index}] (${resource.label})`,
          field: ref.field,
          message: `names ${target.label}, which the config lists later (resources[${target.index}]); resources are applied in the order listed, so move it before this ${resource.kind.kind}`,
        });
      }
    }
  }
  return issues;
}
