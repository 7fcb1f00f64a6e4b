/**
 * The fake Slack itself, driven by the real @slack/web-api WebClient and checked with Bolt's own
 * signature verifier: if these pass, adapter tests exercise the same wire formats as production.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackDriver, startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';

const SECRET = 'fake-signing-secret';
let fake: FakeSlack;
let client: InstanceType<typeof webApi.WebClient>;
let receiver: Server;
let received: { headers: Record<string, string>; body: string }[] = [];
let receiverUrl = '';

beforeAll(async () => {
  fake = await startFakeSlack({ maxTextChars: 100 });
  client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(parts).toString() });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await fake.close();
  await new Promise((r) => receiver.close(r));
});

describe('fake slack with the real WebClient', () => {
  it('answers auth.test and refuses a wrong token', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: fake.workspace.botUserId, bot_id: fake.workspace.botId, team_id: fake.workspace.teamId });
    const wrong = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } });
  });

  it('posts, updates and deletes thread messages with edit history and custom identity', async () => {
    const parent = fake.state.addUserMessage('C1', 'U1', 'question');
    const posted = await client.chat.postMessage({ channel: 'C1', thread_ts: parent.ts, text: 'one', username: 'Ada', icon_url: 'https://x/a.png', blocks: [{ type: 'markdown', text: 'one' }] });
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { text: 'one', thread_ts: parent.ts, username: 'Ada' } });
    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'two' });
    const msg = fake.state.thread('C1', parent.ts)[0]!;
    expect(msg.edits.map((e) => e.text)).toEqual(['one', 'two']);
    expect(msg.blocks).toBeNull();
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(101) })).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
    await client.chat.delete({ channel: 'C1', ts: posted.ts! });
    expect(fake.state.thread('C1', parent.ts)).toHaveLength(0);
  });

  it('streams natively, and can be scripted to not have the methods', async () => {
    const parent = fake.state.addUserMessage('C1', 'U1', 'stream please');
    await expect(client.chat.startStream({ channel: 'C1', thread_ts: parent.ts })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    const started = await client.chat.startStream({ channel: 'C1', thread_ts: parent.ts, recipient_team_id: 'T1', recipient_user_id: 'U1', markdown_text: 'Hel' });
    await client.chat.appendStream({ channel: 'C1', ts: started.ts!, markdown_text: 'lo' });
    const stopped = await client.chat.stopStream({ channel: 'C1', ts: started.ts!, markdown_text: '!' });
    expect(stopped.message).toMatchObject({ text: 'Hello!', streaming_state: 'completed' });
    await expect(client.chat.appendStream({ channel: 'C1', ts: started.ts!, markdown_text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_in_streaming_state' } });
    fake.limits.disable(['chat.startStream']);
    await expect(client.chat.startStream({ channel: 'D1', thread_ts: parent.ts })).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    fake.limits.restore(['chat.startStream']);
    await expect(client.apiCall('chat.nonsense')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('rate-limits per method with 429 and Retry-After, which the WebClient reports', async () => {
    fake.limits.set('chat.postEphemeral', 2, 60_000);
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'a' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'b' });
    await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'c' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 60,
    });
    expect(fake.state.ephemerals.map((e) => e.text)).toEqual(['a', 'b']);
    fake.limits.failNext('assistant.threads.setStatus', { kind: 'ratelimited', retryAfterSec: 3 });
    await expect(client.assistant.threads.setStatus({ channel_id: 'D1', thread_ts: '1.0', status: 'x' })).rejects.toMatchObject({ retryAfter: 3 });
    await client.assistant.threads.setStatus({ channel_id: 'D1', thread_ts: '1.0', status: 'is thinking…' });
    await expect(client.assistant.threads.setStatus({ channel_id: 'C1', thread_ts: '1.0', status: 'x' })).rejects.toMatchObject({ data: { error: 'not_allowed' } });
    expect(fake.state.statuses.map((s) => s.status)).toEqual(['is thinking…']);
  });

  it('serves the response_urls it hands out', async () => {
    const url = fake.newResponseUrl();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi', response_type: 'ephemeral' }) });
    expect(res.status).toBe(200);
    expect(fake.state.responses.at(-1)?.body).toEqual({ text: 'hi', response_type: 'ephemeral' });
    expect((await fetch(`${fake.baseUrl}/response/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('slack driver signatures', () => {
  it('signs requests the way Bolt verifies them, and can sign them wrong', async () => {
    received = [];
    const driver = createSlackDriver({ url: receiverUrl, signingSecret: SECRET, fake });
    await driver.mention({ user: 'U1', channel: 'C1', text: 'hello' });
    await driver.command({ user: 'U1', channel: 'C1', text: 'help' });
    await driver.blockAction({ user: 'U1', channel: 'C1', actionId: 'a', value: 'v' });
    await driver.mention({ user: 'U1', channel: 'C1', text: 'bad' }, { signature: 'bad' });
    await driver.mention({ user: 'U1', channel: 'C1', text: 'stale' }, { signature: 'stale' });
    const verify = (r: (typeof received)[number]) => () =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: r.body,
        headers: { 'x-slack-signature': r.headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']) },
      });
    for (const r of received.slice(0, 3)) expect(verify(r)).not.toThrow();
    expect(verify(received[3]!)).toThrow(/signature mismatch/);
    expect(verify(received[4]!)).toThrow(/stale/);
    expect(received[1]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(received[2]!.body).get('payload')).toContain('"block_actions"');
  });
});
