/**
 * The catalog as an embed page with buttons: one Add button per twin shown, and paging. The
 * state of the page lives in the buttons' custom ids, so any process can serve the next click.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { CATEGORIES, type Category } from '../../../src/core/domain.js';
import type { CatalogService } from '../../../src/core/services.js';
import { truncate } from '../../../src/core/text.js';

export const PAGE_SIZE = 5;
const PREFIX = 'tb';

export interface BrowseState {
  page: number;
  category: Category | undefined;
  search: string | undefined;
}

export function browseId(s: BrowseState): string {
  // custom_id is capped at 100 characters; the search text gets what is left.
  const head = `${PREFIX}:browse:${s.page}:${s.category ?? '-'}:`;
  return head + (s.search ?? '').slice(0, 100 - head.length);
}

export const addId = (twinId: string): string => `${PREFIX}:add:${twinId}`;

export type ButtonAction = { kind: 'browse'; state: BrowseState } | { kind: 'add'; twinId: string };

export function parseButton(customId: string): ButtonAction | null {
  const parts = customId.split(':');
  if (parts[0] !== PREFIX) return null;
  if (parts[1] === 'add' && parts[2]) return { kind: 'add', twinId: parts.slice(2).join(':') };
  if (parts[1] === 'browse') {
    const page = Number(parts[2]);
    const cat = parts[3];
    const search = parts.slice(4).join(':');
    return {
      kind: 'browse',
      state: {
        page: Number.isInteger(page) && page > 0 ? page : 1,
        category: (CATEGORIES as readonly string[]).includes(cat ?? '') ? (cat as Category) : undefined,
        search: search || undefined,
      },
    };
  }
  return null;
}

export interface BrowsePage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

export async function browsePage(catalog: CatalogService, viewer: string | null, state: BrowseState): Promise<BrowsePage> {
  let page = await catalog.list({ page: state.page, pageSize: PAGE_SIZE, category: state.category, search: state.search, viewer });
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  let current = Math.min(state.page, pages);
  if (current !== state.page) page = await catalog.list({ page: current, pageSize: PAGE_SIZE, category: state.category, search: state.search, viewer });
  if (page.items.length === 0) current = 1;
  const filters = [state.category, state.search ? `“${state.search}”` : undefined].filter(Boolean).join(' · ');
  const embed: APIEmbed = {
    title: `Twin catalog${filters ? ` — ${filters}` : ''}`,
    color: 0x5865f2,
    description:
      page.items
        .map((t) => `**${t.name}** · \`@${t.slug}\` · ${t.category}\n${truncate(t.description, 180)}\n*${t.expertise.slice(0, 4).join(', ')}*`)
        .join('\n\n') || 'No twin matches that. Try another search or category.',
    footer: { text: `Page ${current} of ${pages} · ${page.total} twin${page.total === 1 ? '' : 's'}` },
  };
  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  if (page.items.length > 0) {
    components.push({
      type: ComponentType.ActionRow,
      components: page.items.map((t) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label: truncate(`Add ${t.name}`, 80),
        custom_id: addId(t.id),
      })),
    });
  }
  if (pages > 1) {
    const nav = (label: string, to: number, disabled: boolean): APIButtonComponent => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label,
      // Disabled buttons still need distinct ids within a message.
      custom_id: browseId({ ...state, page: disabled ? (to < current ? 0 : pages + 1) : to }),
      disabled,
    });
    components.push({
      type: ComponentType.ActionRow,
      components: [nav('◀ Previous', current - 1, current <= 1), nav('Next ▶', current + 1, current >= pages)],
    });
  }
  return { embeds: [embed], components };
}
