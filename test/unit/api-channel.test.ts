import { describe, expect, it } from 'vitest';
import { apiChannelKey } from '../../src/http/api-channel.js';

describe('apiChannelKey', () => {
  it('keeps plain ids as they were, so existing conversations keep their channel', () => {
    expect(apiChannelKey({ customerId: 'c1', userId: 'u1' }, 'f6a7b8c9-0d1e-2f3a-4b5c-6d7e8f901234')).toBe(
      'c1/u1/f6a7b8c9-0d1e-2f3a-4b5c-6d7e8f901234',
    );
  });

  it('never lets ids containing "/" make two callers share a channel', () => {
    const a = apiChannelKey({ customerId: 'a/b', userId: 'c' }, 's');
    const b = apiChannelKey({ customerId: 'a', userId: 'b/c' }, 's');
    const c = apiChannelKey({ customerId: 'a', userId: 'b' }, 'c/s');
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
