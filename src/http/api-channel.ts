import type { Principal } from './auth.js';

/**
 * The platform-side key of an API conversation: scoped by customer and user, so two callers passing
 * the same channelId never share a history. Each part is percent-encoded, so an id containing `/`
 * cannot make two different (customer, user, channel) triples collide (`a/b`+`c` vs `a`+`b/c`);
 * plain ids (UUIDs, slugs) encode to themselves, so existing conversations keep their key.
 */
export function apiChannelKey(p: Pick<Principal, 'customerId' | 'userId'>, channelRef: string): string {
  return [p.customerId, p.userId, channelRef].map(encodeURIComponent).join('/');
}
