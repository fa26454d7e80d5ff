import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ModelmillError } from '../../core/index.js';

/**
 * Encryption of SecureString values at rest: AES-256-GCM under a 32-byte key
 * kept in `<home>/secrets.key` (mode 0600), created on first use. The
 * parameter's name is bound to its ciphertext as associated data, so a value
 * copied to another parameter's row does not decrypt.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Ciphertexts start with this version byte, so the format can change later. */
const FORMAT = 1;

/** Encrypts and decrypts SecureString values. */
export interface SecretBox {
  /** Base64 of version byte, IV, GCM tag and ciphertext. */
  encrypt(plaintext: string, name: string): string;
  decrypt(ciphertext: string, name: string): string;
}

/** A SecretBox whose key lives in `keyFile`, read (or created) the first time it is needed. */
export function createSecretBox(keyFile: string): SecretBox {
  let key: Buffer | undefined;
  const keyOf = () => (key ??= loadOrCreateKey(keyFile));
  return {
    encrypt(plaintext, name) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]).toString(
        'base64',
      );
    },
    decrypt(ciphertext, name) {
      const data = Buffer.from(ciphertext, 'base64');
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT)
        throw undecryptable(name, keyFile, 'it is not a modelmill ciphertext');
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', keyOf(), iv);
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([
          decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (err) {
        throw undecryptable(
          name,
          keyFile,
          'the key does not match (was the key file replaced?)',
          err,
        );
      }
    },
  };
}

function undecryptable(
  name: string,
  keyFile: string,
  why: string,
  cause?: unknown,
): ModelmillError {
  return new ModelmillError(
    'InternalServerError',
    `Cannot decrypt SecureString parameter '${name}' with ${keyFile}: ${why}. Restore the original key file, or put the parameter again.`,
    { fault: 'server', cause },
  );
}

function loadOrCreateKey(keyFile: string): Buffer {
  try {
    return readKey(keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  try {
    // 'wx': if another process creates the key at the same moment, use theirs.
    writeFileSync(keyFile, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    chmodSync(keyFile, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKey(keyFile);
}

function readKey(keyFile: string): Buffer {
  const key = readFileSync(keyFile);
  if (key.length !== KEY_BYTES) {
    throw new ModelmillError(
      'InternalServerError',
      `${keyFile} holds ${key.length} bytes, not a ${KEY_BYTES}-byte AES-256 key; restore the original file (SecureStrings cannot be read without it)`,
      { fault: 'server' },
    );
  }
  if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0) {
    chmodSync(keyFile, 0o600);
  }
  return key;
}
