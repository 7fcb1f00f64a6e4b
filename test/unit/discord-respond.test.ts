import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { PermissionsBitField, type ChatInputCommandInteraction } from 'discord.js';
import { AppError } from '../../src/core/errors.js';
import { answer, mayManage, refusal, replyError, userSentence } from '../../adapters/discord/commands/respond.js';

/** The few members of an interaction these helpers touch, recording every call. */
function stubInteraction(opts: { guild?: boolean; perms?: bigint } = {}) {
  const calls: [string, unknown][] = [];
  const i = {
    deferred: false,
    replied: false,
    inGuild: () => opts.guild ?? true,
    memberPermissions: new PermissionsBitField(opts.perms ?? 0n),
    async reply(o: unknown) {
      calls.push(['reply', o]);
      i.replied = true;
    },
    async deferReply() {
      calls.push(['deferReply', null]);
      i.deferred = true;
    },
    async editReply(o: unknown) {
      calls.push(['editReply', o]);
      i.replied = true;
    },
    async followUp(o: unknown) {
      calls.push(['followUp', o]);
    },
    async deleteReply() {
      calls.push(['deleteReply', null]);
    },
  };
  return { i: i as unknown as ChatInputCommandInteraction, calls };
}

const log = pino({ level: 'silent' });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('answer', () => {
  it('replies directly when the work is fast, ephemeral when asked', async () => {
    const { i, calls } = stubInteraction();
    await answer(i, () => ({ content: 'done', ephemeral: true }), log, 50);
    expect(calls).toEqual([['reply', { content: 'done', allowedMentions: { parse: [] }, flags: 64 }]]);
  });

  it('defers before the deadline when the work is slow, then edits the reply', async () => {
    const { i, calls } = stubInteraction();
    await answer(i, async () => {
      await wait(80);
      return { content: 'late but here' };
    }, log, 20);
    expect(calls.map((c) => c[0])).toEqual(['deferReply', 'editReply']);
    expect(calls[1]![1]).toMatchObject({ content: 'late but here' });
  });

  it('turns a slow failure into an ephemeral follow-up and removes the public placeholder', async () => {
    const { i, calls } = stubInteraction();
    await answer(i, async () => {
      await wait(80);
      throw new AppError('TWIN_ALREADY_ADDED', 'dup');
    }, log, 20);
    expect(calls.map((c) => c[0])).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(calls[2]![1]).toEqual({ content: '⚠️ That twin is already in this workspace.', flags: 64 });
  });

  it('answers a fast failure with an ephemeral reply, never internals', async () => {
    const { i, calls } = stubInteraction();
    await answer(i, () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    }, log, 50);
    expect(calls).toHaveLength(1);
    const [kind, body] = calls[0]!;
    expect(kind).toBe('reply');
    expect(body).toMatchObject({ flags: 64 });
    expect(JSON.stringify(body)).not.toMatch(/Cannot read|TypeError/);
  });
});

describe('errors and permissions', () => {
  it('shows AppError user messages and hides everything else', () => {
    expect(userSentence(new AppError('TWIN_NOT_FOUND', 'internal detail', { userMessage: 'No twin matches "x".' }))).toBe('No twin matches "x".');
    expect(userSentence(new AppError('INTERNAL', 'db exploded'))).not.toMatch(/db exploded/);
    expect(userSentence(new Error('secret'))).not.toMatch(/secret/);
  });

  it('follows up when the interaction was already answered', async () => {
    const { i, calls } = stubInteraction();
    (i as unknown as { replied: boolean }).replied = true;
    await replyError(i, new AppError('FORBIDDEN', 'x'), log);
    expect(calls.map((c) => c[0])).toEqual(['followUp']);
  });

  it('needs the configured permission in a guild, none in DMs or with "none"', () => {
    expect(mayManage(stubInteraction({ perms: 0n }).i, 'ManageGuild')).toBe(false);
    expect(mayManage(stubInteraction({ perms: PermissionsBitField.Flags.ManageGuild }).i, 'ManageGuild')).toBe(true);
    expect(mayManage(stubInteraction({ perms: PermissionsBitField.Flags.ManageGuild }).i, 'Administrator')).toBe(false);
    expect(mayManage(stubInteraction({ guild: false }).i, 'ManageGuild')).toBe(true);
    expect(mayManage(stubInteraction({ perms: 0n }).i, 'none')).toBe(true);
    expect(refusal('ManageGuild')).toMatch(/\*\*Manage Server\*\*/);
  });
});
