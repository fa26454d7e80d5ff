import { randomUUID } from 'node:crypto';

/** Ids and randomness as a port, so tests can make them predictable. */
export interface IdGenerator {
  /** A random UUID v4. */
  uuid(): string;
}

/** Ids from node:crypto. */
export const randomIds: IdGenerator = { uuid: () => randomUUID() };

/** Predictable ids for tests: `00000000-0000-4000-8000-000000000001`, ... */
export function createSequentialIds(): IdGenerator {
  let n = 0;
  return {
    uuid: () => {
      n += 1;
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    },
  };
}
