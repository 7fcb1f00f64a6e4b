/**
 * What history reaches the model: the last 10 messages of the channel (thread-aware), never
 * another user's conversation that happens to use the same channelId.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../fakes/anthropic/types.js';
import type { TestApp } from '../support/harness.js';
import { chat, channelOf, client, startChatApp } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  app = await startChatApp();
  // Replies echo the newest user line so each stored reply is distinct.
  app.anthropic!.setDefault((req) => ({ text: `reply to ${/\[[^\]]+\] ([^[]*)$/.exec(req.lastUserText)?.[1]?.trim() ?? '?'}` }));
});
afterAll(() => app?.close());
beforeEach(() => {
  app.anthropic!.requests.length = 0;
});

function textOf(messages: FakeMessage[]): string[] {
  return messages.flatMap((m) =>
    typeof m.content === 'string' ? [`${m.role}: ${m.content}`] : m.content.filter((b) => b.type === 'text').map((b) => `${m.role}: ${String(b['text'])}`),
  );
}

describe('conversation history', () => {
  it('sends the last 10 messages of the channel: the 11th-oldest is left out', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    for (let i = 1; i <= 6; i++) expect((await chat(c, { message: `m${i}`, channelId })).status).toBe(200);
    const res = await chat(c, { message: 'm7', channelId });
    expect(res.body.reply).toBe('reply to m7');
    expect((await channelOf(app, res.body.streamId)).messages).toHaveLength(14);

    const lines = textOf(app.anthropic!.lastRequest()!.body.messages);
    expect(lines).toEqual([
      'user: [User] m2',
      'assistant: reply to m2',
      'user: [User] m3',
      'assistant: reply to m3',
      'user: [User] m4',
      'assistant: reply to m4',
      'user: [User] m5',
      'assistant: reply to m5',
      'user: [User] m6',
      'assistant: reply to m6',
      'user: [User] m7',
    ]);
    expect(lines.join('\n')).not.toContain('m1');
  });

  it('scopes history to the thread when threadId is given', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    await chat(c, { message: 'main one', channelId });
    await chat(c, { message: 'alpha one', channelId, threadId: 'alpha' });
    await chat(c, { message: 'beta one', channelId, threadId: 'beta' });
    app.anthropic!.requests.length = 0;

    await chat(c, { message: 'alpha two', channelId, threadId: 'alpha' });
    expect(textOf(app.anthropic!.lastRequest()!.body.messages)).toEqual(['user: [User] alpha one', 'assistant: reply to alpha one', 'user: [User] alpha two']);

    // Without threadId, the whole channel.
    await chat(c, { message: 'main two', channelId });
    const all = textOf(app.anthropic!.lastRequest()!.body.messages).join('\n');
    for (const m of ['main one', 'alpha one', 'beta one', 'alpha two']) expect(all).toContain(m);
  });

  it('another user with the same channelId does not share the conversation', async () => {
    const alice = await client(app, `alice-${randomUUID()}`);
    const bob = await client(app, `bob-${randomUUID()}`);
    const channelId = randomUUID();
    const a = await chat(alice, { message: 'my secret is 4242', channelId });
    app.anthropic!.requests.length = 0;
    const b = await chat(bob, { message: 'what is the secret?', channelId });
    expect(b.body.sessionId).toBe(channelId);
    const sent = textOf(app.anthropic!.lastRequest()!.body.messages).join('\n');
    expect(sent).not.toContain('4242');
    expect((await channelOf(app, b.body.streamId)).id).not.toBe((await channelOf(app, a.body.streamId)).id);

    // Nor can Bob's knowledge_search find it.
    app.anthropic!.enqueue({ toolUses: [{ id: 'toolu_x', name: 'knowledge_search', input: { query: 'secret 4242' } }] }, { text: 'Nothing found.' });
    await chat(bob, { message: 'search for it', channelId });
    const toolResult = JSON.stringify(app.anthropic!.lastRequest()!.body.messages.at(-1));
    expect(toolResult).toContain('toolu_x');
    expect(toolResult).not.toContain('4242');
  });

  it('names other speakers: the user by userId, another twin as a twin', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    await chat(c, { message: 'hello all', channelId, userId: 'Ana', personality: 'seneca' });
    await chat(c, { message: 'and you?', channelId, userId: 'Ana', personality: 'mark-twain' });
    expect(textOf(app.anthropic!.lastRequest()!.body.messages)).toEqual([
      'user: [Ana] hello all',
      'user: [Seneca (twin)] reply to hello all',
      'user: [Ana] and you?',
    ]);
  });
});
