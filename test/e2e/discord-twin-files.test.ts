/**
 * Custom twins over Discord: `/twin export` answers with the file attached (a multipart reply
 * the fake parses like Discord: payload_json + files[n]), and a server's own twins are in its
 * autocomplete and commands only — another server neither sees nor exports them.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildOwner } from '../../adapters/discord/identity.js';
import { importPersonaFile } from '../../src/personas/index.js';
import { MANAGE_GUILD, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import type { FakeGuildInfo } from '../fakes/discord/index.js';

let tb: DiscordTestbed;
let other: FakeGuildInfo;
let otherChannel: string;
let files: Server;
let filesUrl: string;
let downloads = 0;

beforeAll(async () => {
  // Discord's attachment CDN: serves the fixtures (the loopback host is allowed for this test).
  files = createServer((req, res) => {
    downloads++;
    const name = (req.url ?? '/').slice(1);
    try {
      const body = readFileSync(new URL(`../fixtures/personas/${name}`, import.meta.url));
      res.writeHead(200, { 'content-type': name.endsWith('.png') ? 'image/png' : 'application/json', 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  tb = await startDiscordTestbed({ app: { env: { ATTACHMENT_ALLOW_HOSTS: '127.0.0.1' } } });
  other = tb.fake.addGuild({ name: 'Other server', channels: ['elsewhere'] });
  otherChannel = Object.values(other.channels)[0]!;
  await tb.app.core.customTwins.create(guildOwner(tb.guild.id), {
    name: 'Lighthouse Keeper',
    persona: { prompt: 'You are the keeper of the old lighthouse. You speak of tides and lamps.', examples: ['The lamp never sleeps.'] },
  });
}, 30_000);

afterAll(async () => {
  await tb?.close();
  await new Promise((r) => files?.close(r));
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

describe('/twin import', () => {
  const importAs = (name: string, user = tb.admin, url = `${filesUrl}/${name}`) =>
    tb.fake.runCommand({
      channelId: tb.channel,
      user,
      permissions: user === tb.admin ? MANAGE_GUILD : 0n,
      name: 'twin',
      subcommand: 'import',
      attachments: { file: { filename: name, url, size: 3000, contentType: name.endsWith('.png') ? 'image/png' : 'application/json' } },
    });
  const text = (h: Awaited<ReturnType<typeof importAs>>) => h.waitFor(() => h.messages().map((m) => m.content).find((c) => /Imported|could not|private|Manage Server/.test(c)) ?? (h.callback.data?.content as string | undefined));

  it('imports a PNG card attached to the command into the server, on-demand', async () => {
    const h = await importAs('card-v3.png');
    expect(await text(h)).toMatch(/Imported one twin \(on-demand here\): \*\*Ada the Analyst\*\* `@ada-the-analyst`/);
    const row = (await tb.app.deps.workspace.list(guildOwner(tb.guild.id))).find((v) => v.twin.slug === 'ada-the-analyst')!;
    expect(row.participationMode).toBe('on-demand');
    expect(row.twin.avatarUrl).toMatch(/^\/api\/v2\/twins\/.+\/avatar\?v=/);
  });

  it('imports a PluralKit export and says what it skipped', async () => {
    expect(await text(await importAs('pluralkit.json'))).toMatch(/Imported 2 twins.*Iris Keeper.*Tom[\s\S]*Skipped: Quiet \(no description\)/);
  });

  it('answers a bad file with the reason, ephemerally, and creates nothing', async () => {
    const before = (await tb.app.core.store.twins.custom(guildOwner(tb.guild.id).customerId)).length;
    const h = await importAs('README.md');
    expect(h.ephemeral || h.messages().some((m) => (m.flags & 64) !== 0)).toBe(true);
    expect(await text(h)).toMatch(/could not be imported/);
    expect((await tb.app.core.store.twins.custom(guildOwner(tb.guild.id).customerId)).length).toBe(before);
  });

  it('fetches only through the attachment guard (no link-local metadata address)', async () => {
    const before = downloads;
    const h = await importAs('x.json', tb.admin, 'http://169.254.169.254/latest/meta-data/');
    expect(await text(h)).toMatch(/169.254.169.254 is a private/);
    expect(downloads).toBe(before);
  });

  it('needs Manage Server like every workspace change', async () => {
    const before = downloads;
    const h = await importAs('ccv2-seraphina.json', tb.member);
    expect(h.ephemeral).toBe(true);
    expect(String(h.callback.data?.content)).toMatch(/Manage Server/);
    expect(downloads).toBe(before);
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
    expect((await tb.app.deps.workspace.list(guildOwner(other.id)))).toEqual([]);
  });
});
