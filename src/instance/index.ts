/**
 * instance: the wiring steps of the composition root (src/modelmill.ts), one
 * file per family of services — storage, messaging, analytics, streaming, compute —
 * each building its services, registering their Task integrations and wire
 * protocols, and saying what to start and stop.
 */
export type { WiringContext } from './context.js';
export type { StorageServices } from './storage.js';
export { s3Api, wireStorage } from './storage.js';
export type { MessagingServices } from './messaging.js';
export { connectTargets, wireMessaging } from './messaging.js';
export { wireAnalytics } from './analytics.js';
export { wireStreaming } from './streaming.js';
export type { ComputeServices } from './compute.js';
export { wireCompute } from './compute.js';
