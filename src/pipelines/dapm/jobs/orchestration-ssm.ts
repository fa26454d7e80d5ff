import type { ServiceClients } from '../../../clients/index.js';
import { isModelmillError } from '../../../core/index.js';

/**
 * Parameter Store reads and writes of the orchestration jobs: image URIs,
 * the approval parameters and the `{ctx}_complete_status` loop flag.
 */

/** A parameter's value, or undefined when it does not exist. */
export async function readParam(
  clients: ServiceClients,
  name: string,
): Promise<string | undefined> {
  try {
    const out = await clients.ssm.getParameter({ Name: name });
    return out.Parameter.Value;
  } catch (err) {
    if (isModelmillError(err, 'ParameterNotFound')) return undefined;
    throw err;
  }
}

/** Writes a String parameter, replacing its value. */
export async function writeParam(
  clients: ServiceClients,
  name: string,
  value: string,
): Promise<void> {
  await clients.ssm.putParameter({ Name: name, Value: value, Type: 'String', Overwrite: true });
}

/** Sets the loop flag the orchestrator's Choice reads (`True` / `False`). */
export async function setFlag(clients: ServiceClients, name: string, done: boolean): Promise<void> {
  await writeParam(clients, name, done ? 'True' : 'False');
}

/**
 * The tag of an image URI (`...:<tag>`), which the estate uses as the
 * commit id; `latest` when the URI has none, the digest for `@sha256:...`.
 */
export function imageTag(uri: string): string {
  const at = uri.indexOf('@');
  if (at >= 0) return uri.slice(at + 1);
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : 'latest';
}
