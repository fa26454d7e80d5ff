import { createHash } from 'node:crypto';

/**
 * CloudFormation logical ids derived from resource names, deterministically:
 * the name's alphanumeric words in PascalCase plus the kind's suffix
 * (`jenkins-pl-apsouth1-training-input-table` → `JenkinsPlApsouth1TrainingInputTableTable`).
 * Names that would collide (`a-b` and `a_b`) get a short hash of their name.
 */

const MAX_ID = 255;

/** The PascalCase id for a name and a kind suffix (no collision handling). */
export function baseLogicalId(name: string, suffix: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  let id = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  if (!/^[A-Za-z]/.test(id)) id = `R${id}`;
  const full = `${id}${suffix}`;
  if (full.length <= MAX_ID) return full;
  return `${id.slice(0, MAX_ID - suffix.length - 8)}${shortHash(name)}${suffix}`;
}

/** Ids for `(name, suffix)` pairs, in order; colliding ones carry a hash of their name. */
export function assignLogicalIds(items: ReadonlyArray<{ name: string; suffix: string }>): string[] {
  const bases = items.map((item) => baseLogicalId(item.name, item.suffix));
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  return bases.map((base, i) => {
    if ((counts.get(base) ?? 0) === 1) return base;
    const item = items[i] as { name: string; suffix: string };
    const stem = base
      .slice(0, base.length - item.suffix.length)
      .slice(0, MAX_ID - item.suffix.length - 8);
    return `${stem}${shortHash(item.name)}${item.suffix}`;
  });
}

function shortHash(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return hex.charAt(0).toUpperCase() + hex.slice(1);
}
