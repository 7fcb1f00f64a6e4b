import { describe, expect, it } from 'vitest';
import type { Twin } from '../../src/core/domain.js';
import { twinRef } from '../../src/engine/engine.js';

const twin = (avatarUrl: string | null) => ({ id: 'id', slug: 's', name: 'N', avatarUrl }) as Twin;

describe('twinRef: the avatar platforms are given', () => {
  it('links a stored avatar under PUBLIC_URL, and gives none without it', () => {
    const stored = '/api/v2/twins/id/avatar?v=abc';
    expect(twinRef(twin(stored), 'https://twins.example.com/').avatarUrl).toBe('https://twins.example.com/api/v2/twins/id/avatar?v=abc');
    expect(twinRef(twin(stored), null).avatarUrl).toBeNull();
  });

  it('keeps remote avatars and null as they are', () => {
    expect(twinRef(twin('https://cdn.example.com/a.png'), null).avatarUrl).toBe('https://cdn.example.com/a.png');
    expect(twinRef(twin(null), 'https://twins.example.com').avatarUrl).toBeNull();
  });
});
