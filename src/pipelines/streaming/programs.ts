import type { ProgramDefinition } from '../../runtime/index.js';

/** The seed-003 merge job's program. */
export const MERGE_DAY_PROGRAM = 'stream-merge-day';

/** The streaming-ingestion pipeline's programs. */
export const streamingPrograms: readonly ProgramDefinition[] = [
  {
    name: MERGE_DAY_PROGRAM,
    module: new URL('./merge-day.js', import.meta.url),
    export: 'mergeDayProgram',
    description:
      "batch compute (seed 003): a day's Firehose objects under YYYY/MM/DD/ merged into one NDJSON object in a second bucket",
  },
];
