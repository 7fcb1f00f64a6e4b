/**
 * Twin suggestions while the user types (Discord shows at most 25). `/twin add` searches the
 * catalog; remove/mode/favorite search the workspace; `/ask` offers the workspace first, then
 * the catalog.
 */
import type { AutocompleteInteraction } from 'discord.js';
import type { Twin } from '../../../src/core/domain.js';
import { normalizeKey, truncate } from '../../../src/core/text.js';
import type { AdapterContext } from '../context.js';
import { ownerFor } from '../identity.js';

const MAX_CHOICES = 25;

function matches(t: Twin, key: string): boolean {
  if (!key) return true;
  return (
    t.slug.includes(key.replace(/\s+/g, '-')) ||
    normalizeKey(t.name).includes(key) ||
    t.expertise.some((e) => normalizeKey(e).includes(key))
  );
}

function choice(t: Twin, note = ''): { name: string; value: string } {
  const about = t.expertise.slice(0, 2).join(', ');
  return { name: truncate(`${t.name} — ${t.category}${about ? ` · ${about}` : ''}${note}`, 100), value: t.slug.slice(0, 100) };
}

export async function suggestTwins(ctx: AdapterContext, input: { command: string; sub: string | null; text: string; guildId: string | null; userId: string }) {
  const key = normalizeKey(input.text.replace(/^@/, ''));
  const owner = ownerFor(input.guildId, input.userId);
  const owned = (await ctx.deps.workspace.list(owner)).map((v) => v.twin);
  const ownedIds = new Set(owned.map((t) => t.id));
  const mine = owned.filter((t) => matches(t, key));
  if (input.command === 'twin' && input.sub !== 'add' && input.sub !== 'export') return mine.slice(0, MAX_CHOICES).map((t) => choice(t));
  const catalog = await ctx.deps.catalog.suggest(input.text.replace(/^@/, ''), MAX_CHOICES, owner.customerId);
  if (input.command === 'ask') {
    const rest = catalog.filter((t) => !ownedIds.has(t.id));
    return [...mine, ...rest].slice(0, MAX_CHOICES).map((t) => choice(t));
  }
  return catalog.slice(0, MAX_CHOICES).map((t) => choice(t, ownedIds.has(t.id) ? ' · added' : ''));
}

/** `/twin discuss twins:` is a comma-separated list: complete its last name, keep the ones before. */
export async function suggestTwinList(ctx: AdapterContext, value: string, guildId: string | null, userId: string) {
  const parts = value.split(',');
  const last = parts.pop() ?? '';
  const before = parts.map((p) => p.trim()).filter(Boolean);
  const prefix = before.length > 0 ? `${before.join(', ')}, ` : '';
  const taken = new Set(before.map((p) => normalizeKey(p)));
  return (await suggestTwins(ctx, { command: 'ask', sub: null, text: last.trim(), guildId, userId }))
    .filter((c) => !taken.has(c.value))
    .map((c) => ({ name: truncate(`${prefix}${c.name}`, 100), value: `${prefix}${c.value}`.slice(0, 100) }));
}

export async function autocomplete(ctx: AdapterContext, i: AutocompleteInteraction): Promise<void> {
  try {
    const focused = i.options.getFocused(true);
    const choices =
      focused.name === 'twin'
        ? await suggestTwins(ctx, {
            command: i.commandName,
            sub: i.commandName === 'twin' ? i.options.getSubcommand(false) : null,
            text: String(focused.value),
            guildId: i.guildId,
            userId: i.user.id,
          })
        : focused.name === 'twins'
          ? await suggestTwinList(ctx, String(focused.value), i.guildId, i.user.id)
          : [];
    await i.respond(choices);
  } catch (err) {
    ctx.logger.warn({ err, interactionId: i.id }, 'discord: autocomplete failed');
    await i.respond([]).catch(() => undefined);
  }
}
