import type { ProgramDefinition } from '../../runtime/index.js';

/** The DAPM orchestration jobs (gatekeeper, preprocessing, submit, status check, cleanup). */
export const orchestrationPrograms: readonly ProgramDefinition[] = [];
