import { resolve } from 'node:path';
import { z } from 'zod';
import { ModelmillError } from './errors.js';

/** The settings of one modelmill instance; every field has a default. */
export const ConfigSchema = z.object({
  /** Folder holding the SQLite database, objects and logs. Default: $MODELMILL_HOME or ./.modelmill */
  home: z.string().min(1),
  /** Region used in ARNs minted locally. Default: $AWS_REGION or us-east-1. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as ap-south-1'),
  /** Account id used in ARNs minted locally. Default: 000000000000. */
  accountId: z.string().regex(/^\d{12}$/, 'expected 12 digits'),
  /** Port of `modelmill serve`. Default: 8083. */
  port: z.number().int().min(0).max(65535),
  /** Log level for the process log. Default: warn. */
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']),
  /** Factor on Wait states and retry back-offs (1 = real time). Default: $MODELMILL_TIME_SCALE or 1. */
  timeScale: z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1'),
});

/** The validated settings. */
export type ModelmillConfig = z.infer<typeof ConfigSchema>;

/** Settings as a user may give them: every field optional. */
export type ModelmillOptions = Partial<ModelmillConfig>;

/** Fills defaults from the environment and validates; errors name the field and the fix. */
export function compileConfig(
  options: ModelmillOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ModelmillConfig {
  const candidate = {
    home: resolve(options.home ?? env.MODELMILL_HOME ?? '.modelmill'),
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    port: options.port ?? (env.MODELMILL_PORT ? Number(env.MODELMILL_PORT) : 8083),
    logLevel:
      options.logLevel ?? (env.MODELMILL_LOG_LEVEL as ModelmillConfig['logLevel']) ?? 'warn',
    timeScale:
      options.timeScale ?? (env.MODELMILL_TIME_SCALE ? Number(env.MODELMILL_TIME_SCALE) : 1),
  };
  const parsed = ConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify((candidate as any)[issue.path[0] as string])})`,
    );
    throw new ModelmillError(
      'InvalidConfig',
      `invalid modelmill configuration: ${problems.join('; ')}`,
    );
  }
  return parsed.data;
}
