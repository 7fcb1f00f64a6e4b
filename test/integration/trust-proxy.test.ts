/**
 * Behind a load balancer every connection comes from the proxy. With TRUST_PROXY naming the
 * proxy's address (here loopback, where this test connects from), the per-IP chat limit counts
 * the client address in X-Forwarded-For: the entry the proxy added (the last one), never what a
 * client wrote in front of it. Unset, the header is not believed at all.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { chat, client, startChatApp } from './chat-support.js';

const limits = { RATE_LIMIT_CHAT_PER_IP_PER_MIN: '1', RATE_LIMIT_CHAT_PER_USER_PER_MIN: '100' };
let behindProxy: TestApp;
let direct: TestApp;

beforeAll(async () => {
  behindProxy = await startChatApp({ env: { ...limits, TRUST_PROXY: 'loopback' } });
  direct = await startChatApp({ env: limits, anthropic: behindProxy.anthropic! });
});
afterAll(async () => {
  await direct?.close();
  await behindProxy?.close();
});

const forwarded = (...hops: string[]) => ({ 'x-forwarded-for': hops.join(', ') });

describe('TRUST_PROXY', () => {
  it('set: each client address the proxy forwards has its own per-IP budget; a forged earlier entry changes nothing', async () => {
    const c = await client(behindProxy, `u-${randomUUID()}`);
    expect((await chat(c, { message: 'one' }, forwarded('203.0.113.7'))).status).toBe(200);
    expect((await chat(c, { message: 'two' }, forwarded('203.0.113.7'))).status).toBe(429);
    expect((await chat(c, { message: 'three' }, forwarded('198.51.100.1', '203.0.113.7'))).status).toBe(429);
    expect((await chat(c, { message: 'four' }, forwarded('203.0.113.8'))).status).toBe(200);
  });

  it('unset (the default): X-Forwarded-For is not believed, the connection’s peer is the client', async () => {
    expect(direct.config.TRUST_PROXY).toEqual([]);
    const c = await client(direct, `u-${randomUUID()}`);
    expect((await chat(c, { message: 'one' }, forwarded('203.0.113.7'))).status).toBe(200);
    expect((await chat(c, { message: 'two' }, forwarded('203.0.113.8'))).status).toBe(429);
  });
});
