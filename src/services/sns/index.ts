/**
 * services/sns: SNS for modelmill — topics (standard and FIFO) and
 * subscriptions with filter policies; Publish fans out to HTTP(S) endpoints
 * (SNS's JSON envelope, retried per delivery policy), e-mail (RFC 5322
 * `.eml` files in `<home>/outbox/`, relayed over SMTP when
 * `MODELMILL_SMTP_URL` is set), Lambda functions and queues (through
 * `SnsPorts`); every delivery is recorded. Also: the AWS SDK adapter, the
 * `sns:publish` and `aws-sdk:sns:*` Task integrations and the Query-protocol
 * API.
 */
export type * from './types.js';
export { NotificationStatus } from './types.js';
export type { LocalSnsOptions } from './local.js';
export { createLocalSns } from './local.js';
export type { AwsSnsOptions } from './aws.js';
export { createAwsSns } from './aws.js';
export type { SnsIntegrationOptions } from './integration.js';
export { registerSnsIntegrations } from './integration.js';
export { snsApi } from './api.js';
export { FilterPolicyScope, compileFilterPolicy } from './filter-policy.js';
export type { MessageFilter } from './filter-policy.js';
export { buildMail } from './email.js';
export type { Mail } from './email.js';
export { sendSmtp } from './smtp.js';
export { MAX_MESSAGE_BYTES } from './message-checks.js';
