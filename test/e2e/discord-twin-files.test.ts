/**
 * Custom twins over Discord: `/twin export` answers with the file attached (a multipart reply
 * the fake parses like Discord: payload_json + files[n]), and a server's own twins are in its
 * autocomplete and commands only — another server neither sees nor exports them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildOwner } from '../../adapters/discord/identity.js';
import { importPersonaFile } from '../../src/personas/index.js';
import { MANAGE_GUILD, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import type { FakeGuildInfo } from '../fakes/discord/index.js';

let tb: DiscordTestbed;
let other: FakeGuildInfo;
let otherChannel: string;

beforeAll(async () => {
  tb = await startDiscordTestbed();
  other = tb.fake.addGuild({ name: 'Other server', channels: ['elsewhere'] });
  otherChannel = Object.values(other.channels)[0]!;
  await tb.app.core.customTwins.create(guildOwner(tb.guild.id), {
    name: 'Lighthouse Keeper',
    persona: { prompt: 'You are the keeper of the old lighthouse. You speak of tides and lamps.', examples: ['The lamp never sleeps.'] },
  });
}, 30_000);

afterAll(async () => {
  await tb?.close();
});

const run = (channelId: string, subcommand: string, options: Record<string, string>) =>
  tb.fake.runCommand({ channelId, user: tb.admin, permissions: MANAGE_GUILD, name: 'twin', subcommand, options });

describe('/twin export', () => {
  it('attaches the twin as a file in the chosen format', async () => {
    const h = await run(tb.channel, 'export', { twin: 'lighthouse-keeper', format: 'ccv2' });
    const message = await h.waitFor(() => h.messages().find((m) => m.files.length > 0));
    const file = message.files[0]!;
    expect(file.field).toBe('files[0]');
    expect(file.filename).toBe('lighthouse-keeper.json');
    const card = JSON.parse(file.data.toString()) as { spec: string; data: { name: string } };
    expect(card).toMatchObject({ spec: 'chara_card_v2', data: { name: 'Lighthouse Keeper' } });
    expect(message.content).toMatch(/Lighthouse Keeper/);
  });

  it('a PNG card export imports back as the same twin', async () => {
    const h = await run(tb.channel, 'export', { twin: 'lighthouse-keeper', format: 'png' });
    const message = await h.waitFor(() => h.messages().find((m) => m.files.length > 0));
    const back = importPersonaFile({ contentType: 'image/png', bytes: message.files[0]!.data });
    expect(back.personas[0]).toMatchObject({ name: 'Lighthouse Keeper', examples: ['The lamp never sleeps.'] });
  });

  it('catalog twins export anywhere', async () => {
    const h = await run(otherChannel, 'export', { twin: 'paul-graham' });
    const message = await h.waitFor(() => h.messages().find((m) => m.files.length > 0));
    expect(message.files[0]!.filename).toBe('paul-graham.json');
  });
});

describe('a second server', () => {
  it('gets the twin in autocomplete only where it belongs', async () => {
    const ask = (channelId: string, subcommand: string) =>
      tb.fake.autocomplete({ channelId, user: tb.member, name: 'twin', subcommand, options: { twin: 'lighthouse' }, focused: 'twin' });
    expect((await ask(tb.channel, 'add')).map((c) => c.value)).toContain('lighthouse-keeper');
    expect((await ask(tb.channel, 'export')).map((c) => c.value)).toContain('lighthouse-keeper');
    expect((await ask(otherChannel, 'add')).map((c) => c.value)).not.toContain('lighthouse-keeper');
    expect((await ask(otherChannel, 'export')).map((c) => c.value)).not.toContain('lighthouse-keeper');
  });

  it('cannot export, add or ask it: no such twin there', async () => {
    for (const [sub, options] of [
      ['export', { twin: 'lighthouse-keeper' }],
      ['add', { twin: 'lighthouse-keeper' }],
    ] as const) {
      const h = await run(otherChannel, sub, options);
      const text = String(h.callback.data?.content ?? '');
      expect(h.ephemeral, sub).toBe(true);
      expect(text, sub).toMatch(/no twin/i);
      expect(h.messages().some((m) => m.files.length > 0)).toBe(false);
    }
    const ask = await tb.fake.runCommand({ channelId: otherChannel, user: tb.admin, name: 'ask', options: { twin: 'lighthouse-keeper', message: 'hello?' } });
    expect(String(ask.callback.data?.content ?? '')).toMatch(/no twin/i);
    expect(tb.app.deps.workspace.list(guildOwner(other.id))).toEqual([]);
  });
});
