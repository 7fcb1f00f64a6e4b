import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/**
 * JWT_SECRET, or a development secret generated once and kept in DATA_DIR (mode 0600) so tokens
 * minted by the CLI keep working across restarts. Production deployments set JWT_SECRET.
 */
export function resolveJwtSecret(config: Config, logger: Logger | null): string | null {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.JWT_JWKS_URL) return null;
  // loadConfig already refuses this for the roles that serve HTTP; this keeps any other caller honest.
  if (config.NODE_ENV === 'production') throw new Error('JWT_SECRET is not set (NODE_ENV=production never generates a development secret)');
  const file = join(config.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) {
      logger?.warn({ file }, 'JWT_SECRET is not set; using the development secret kept in DATA_DIR');
      return secret;
    }
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  logger?.warn({ file }, 'JWT_SECRET is not set; generated a development secret in DATA_DIR (set JWT_SECRET in production)');
  return secret;
}
