import type { ProgramDefinition } from '../../runtime/index.js';

/** The DAPM model jobs (training, inference, evaluation, inference summary). */
export const mlPrograms: readonly ProgramDefinition[] = [];
