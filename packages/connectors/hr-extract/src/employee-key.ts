import { createHmac, randomBytes } from 'node:crypto';

/** The environment variable that holds the deployment's pseudonymisation key. */
export const HASH_KEY_VARIABLE = 'CWB_HASH_KEY';
const MIN_KEY_LENGTH = 32;

/** The hash key is missing or too weak: HR extracts cannot be read safely. */
export class HashKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashKeyError';
  }
}

/**
 * Reads the deployment's key from the environment (called at the edge: the worker's connector
 * registry, the CLI). The key must be the same for every worker of a deployment and must never
 * change, or the same employee gets a different key in each snapshot.
 */
export function hashKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const key = env[HASH_KEY_VARIABLE];
  if (key === undefined || key.trim() === '') {
    throw new HashKeyError(
      `${HASH_KEY_VARIABLE} is not set: HR extracts are pseudonymised with a keyed hash before anything is queued or stored, ` +
        `and the key comes from the environment. Generate one with \`openssl rand -hex 32\`, set ${HASH_KEY_VARIABLE} for every ` +
        'worker of this deployment, keep it secret and never change it (a new key gives every employee a new key)',
    );
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new HashKeyError(
      `${HASH_KEY_VARIABLE} is ${key.length} characters long; use at least ${MIN_KEY_LENGTH} random characters (\`openssl rand -hex 32\` gives 64)`,
    );
  }
  return key;
}

/** A throwaway key for reads whose rows are never kept (`cwb ingest --dry-run`). */
export function ephemeralHashKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The pseudonymous employee key: HMAC-SHA256(key, anchor id + NUL + reference), hex. The anchor
 * is part of the message, so the same staff number at two anchors is two people; the reference
 * is trimmed and upper-cased, so `e00123` and `E00123 ` are one person.
 */
export function employeeKey(hashKey: string, anchorId: string, employeeRef: string): string {
  return createHmac('sha256', hashKey).update(`${anchorId}\u0000${employeeRef.trim().toUpperCase()}`).digest('hex');
}
