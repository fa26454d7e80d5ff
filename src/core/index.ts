/**
 * core: what every other folder shares — the error type, ARNs and S3 URIs,
 * the Clock and id ports, the logger, JSON helpers and the configuration.
 * Nothing here does I/O beyond reading the environment for defaults.
 */
export * from './errors.js';
export * from './arn.js';
export * from './s3-uri.js';
export * from './clock.js';
export * from './ids.js';
export * from './logger.js';
export * from './json.js';
export * from './config.js';
