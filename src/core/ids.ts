import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ID_MESSAGE = 'must be a UUID (8-4-4-4-12 hex digits)';

/**
 * The one schema for every id field (channelId, workspaceId, twin_id, …): any well-formed
 * 8-4-4-4-12 hex id. Not z.uuid(): ids in the wild (the contract's own, the seed's) often lack
 * RFC version/variant bits, and an id accepted in one field must be accepted in all.
 */
export const IdSchema = z.string({ error: ID_MESSAGE }).regex(UUID_RE, ID_MESSAGE);

export function newId(): string {
  return randomUUID();
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * A stable UUID (RFC 4122 version 5 layout, SHA-1 based) for a platform identity such as
 * `discord:channel:123`. The same input always yields the same id, so a platform channel or
 * user gets one UUID forever without a lookup table race.
 */
export function stableId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A short, URL- and BullMQ-safe key derived from arbitrary text (idempotency keys). */
export function digestKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 32);
}

/** A platform channel's UUID: derived from its identity, so every process agrees without a lookup. */
export function channelIdFor(platform: string, externalId: string): string {
  return stableId('channel', platform, externalId);
}
