/**
 * `/twin create` over Discord: the command answers with a modal (callback type 9, Labels with
 * text inputs, as discord.js builds them), and the MODAL_SUBMIT the fake sends back creates the
 * twin for the server, on-demand in its workspace; bad fields get an ephemeral sentence naming
 * the field and its limit, and the Manage Server rule holds at both steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildOwner } from '../../adapters/discord/identity.js';
import { MANAGE_GUILD, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import { modalInputs } from '../fakes/discord/interaction-payloads.js';
import type { FakeUser, InteractionHandle } from '../fakes/discord/index.js';

let tb: DiscordTestbed;

beforeAll(async () => {
  tb = await startDiscordTestbed();
}, 30_000);

afterAll(async () => {
  await tb?.close();
});

const open = (user: FakeUser = tb.admin, permissions = MANAGE_GUILD) =>
  tb.fake.runCommand({ channelId: tb.channel, user, permissions, name: 'twin', subcommand: 'create' });

const submit = (modal: InteractionHandle, values: Record<string, string>, user: FakeUser = tb.admin, permissions = MANAGE_GUILD) =>
  tb.fake.submitModal({ channelId: tb.channel, user, permissions, modal: modal.callback.data!, values });

const answerOf = (h: InteractionHandle) =>
  h.waitFor(() => h.messages().map((m) => m.content).find((c) => c !== '') ?? (h.callback.data?.content as string | undefined));

const custom = () => tb.app.core.store.twins.custom(guildOwner(tb.guild.id).customerId);

describe('/twin create', () => {
  it('answers with a modal of the five fields', async () => {
    const h = await open();
    expect(h.callback.type).toBe(9);
    expect(h.callback.data).toMatchObject({ custom_id: 'twin:create', title: 'Create a twin' });
    expect(modalInputs(h.callback.data!).map((c) => c.custom_id)).toEqual(['name', 'description', 'persona', 'lines', 'avatar']);
    const labels = (h.callback.data!.components as { type: number; label: string }[]).map((r) => [r.type, r.label]);
    expect(labels).toEqual([[18, 'Name'], [18, 'Description'], [18, 'Persona'], [18, 'Lines in its voice'], [18, 'Avatar URL']]);
  });

  it('creates the twin from the submitted modal, on-demand in the server', async () => {
    const h = await submit(await open(), {
      name: 'Harbour Pilot',
      description: 'Guides ships past the shoals.',
      persona: 'You are the harbour pilot. You speak in short, calm orders.',
      lines: 'Steady as she goes.\n\n  Mind the sandbar.  \n',
      avatar: 'https://cdn.example.com/pilot.png',
    });
    expect(await answerOf(h)).toMatch(/Created \*\*Harbour Pilot\*\* `@harbour-pilot`.*on-demand/);
    const row = (await tb.app.deps.workspace.list(guildOwner(tb.guild.id))).find((v) => v.twin.slug === 'harbour-pilot')!;
    expect(row.participationMode).toBe('on-demand');
    expect(row.twin).toMatchObject({ name: 'Harbour Pilot', description: 'Guides ships past the shoals.', avatarUrl: 'https://cdn.example.com/pilot.png' });
    const stored = (await custom()).find((t) => t.slug === 'harbour-pilot')!;
    expect(stored.persona.examples).toEqual(['Steady as she goes.', 'Mind the sandbar.']);
  });

  it('names the field and its limit when one is wrong, ephemerally, and creates nothing', async () => {
    const before = (await custom()).length;
    const tooMany = Array.from({ length: 21 }, (_, n) => `Line ${n}`).join('\n');
    for (const [values, expected] of [
      [{ name: 'Lines', persona: 'A twin.', lines: tooMany }, /\*\*Lines in its voice\*\*.*20/],
      [{ name: 'Long line', persona: 'A twin.', lines: 'x'.repeat(501) }, /\*\*Lines in its voice\*\*.*500/],
      [{ name: 'Avatar', persona: 'A twin.', avatar: 'http://plain.example.com/a.png' }, /\*\*Avatar URL\*\*.*https/],
      [{ name: '   ', persona: 'A twin.' }, /\*\*Name\*\*.*blank/],
    ] as const) {
      const h = await submit(await open(), values);
      expect(h.ephemeral || h.messages().some((m) => (m.flags & 64) !== 0)).toBe(true);
      expect(await answerOf(h)).toMatch(expected);
    }
    expect((await custom()).length).toBe(before);
  });

  it('needs Manage Server to open the form and to submit it', async () => {
    const refused = await open(tb.member, 0n);
    expect(refused.callback.type).toBe(4);
    expect(refused.ephemeral).toBe(true);
    expect(String(refused.callback.data?.content)).toMatch(/Manage Server/);
    const modal = await open();
    const before = (await custom()).length;
    const h = await submit(modal, { name: 'Sneaky', persona: 'A twin.' }, tb.member, 0n);
    expect(h.ephemeral).toBe(true);
    expect(String(h.callback.data?.content)).toMatch(/Manage Server/);
    expect((await custom()).length).toBe(before);
  });
});
