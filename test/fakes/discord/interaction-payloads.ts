/**
 * INTERACTION_CREATE payloads as Discord sends them: slash commands with (sub)command options,
 * autocomplete with the focused option, and button clicks carrying the clicked message.
 */
import { ApplicationCommandOptionType, InteractionType, type APIApplicationCommandInteractionDataOption } from 'discord.js';
import { snowflake, type FakeMessage, type FakeState, type FakeUser } from './model.js';
import { DEFAULT_EVERYONE_PERMISSIONS, apiChannel, apiMember, apiUser, memberPermissions } from './payloads.js';

export type OptionValue = string | number | boolean;

export interface ActorInput {
  channelId: string;
  user: FakeUser;
  /** Extra permissions the member holds in the guild (e.g. ManageGuild); ignored in DMs. */
  permissions?: bigint;
}

export interface CommandInput extends ActorInput {
  name: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Attachment options (type 11): the option carries the id, `data.resolved.attachments` the file. */
  attachments?: Record<string, { filename: string; url: string; size: number; contentType: string }>;
}

export interface AutocompleteInput extends CommandInput {
  /** The option being typed; its value is the partial text. */
  focused: string;
}

export interface ButtonInput extends ActorInput {
  messageId: string;
  customId: string;
}

function optionType(value: OptionValue): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function encodeOptions(options: Record<string, OptionValue>, focused?: string): APIApplicationCommandInteractionDataOption[] {
  return Object.entries(options).map(([name, value]) => {
    const type = name === focused ? ApplicationCommandOptionType.String : optionType(value);
    return { name, type, value: name === focused ? String(value) : value, ...(name === focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
  });
}

function commandId(state: FakeState, guildId: string | null, name: string): string {
  const pools = [guildId ? (state.commands.guild.get(guildId) ?? []) : [], state.commands.global];
  for (const pool of pools) {
    const found = (pool as { id: string; name: string }[]).find((c) => c.name === name);
    if (found) return found.id;
  }
  return snowflake();
}

/** Common envelope: who acted where, with their computed permissions and the app's. */
function envelope(state: FakeState, type: InteractionType, actor: ActorInput): Record<string, unknown> {
  const channel = state.channels.get(actor.channelId);
  if (!channel) throw new Error(`fake discord: unknown channel ${actor.channelId}`);
  const guild = channel.guildId ? state.guilds.get(channel.guildId) : undefined;
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb24-${id}-${Math.random().toString(36).slice(2, 12)}`;
  state.users.set(actor.user.id, actor.user);
  const base: Record<string, unknown> = {
    id,
    application_id: state.applicationId,
    type,
    token,
    version: 1,
    channel: apiChannel(channel),
    channel_id: channel.id,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 26_214_400,
  };
  if (guild) {
    if (!guild.members.has(actor.user.id)) guild.members.set(actor.user.id, actor.user);
    const perms = memberPermissions(guild, actor.user.id, actor.permissions ?? 0n);
    return {
      ...base,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      member: { ...apiMember(actor.user, []), permissions: perms.toString() },
      app_permissions: (guild.everyonePermissions | guild.botPermissions).toString(),
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    };
  }
  return {
    ...base,
    user: apiUser(actor.user),
    app_permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
    authorizing_integration_owners: { '1': actor.user.id },
    context: 1,
  };
}

export function commandPayload(state: FakeState, input: CommandInput | AutocompleteInput): Record<string, unknown> {
  const focused = 'focused' in input ? input.focused : undefined;
  const type = focused ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand;
  const payload = envelope(state, type, input);
  const options = encodeOptions(input.options ?? {}, focused);
  const resolved: Record<string, unknown> = {};
  for (const [name, a] of Object.entries('attachments' in input ? (input.attachments ?? {}) : {})) {
    const id = snowflake();
    options.push({ name, type: ApplicationCommandOptionType.Attachment, value: id } as APIApplicationCommandInteractionDataOption);
    resolved[id] = { id, filename: a.filename, size: a.size, url: a.url, proxy_url: a.url, content_type: a.contentType, ephemeral: true };
  }
  const guildId = (payload.guild_id as string | undefined) ?? null;
  payload.data = {
    id: commandId(state, guildId, input.name),
    name: input.name,
    type: 1,
    ...(guildId ? { guild_id: guildId } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved: { attachments: resolved } } : {}),
    options: input.subcommand
      ? [{ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options }]
      : options,
  };
  return payload;
}

export function buttonPayload(state: FakeState, input: ButtonInput, message: FakeMessage): Record<string, unknown> {
  const payload = envelope(state, InteractionType.MessageComponent, input);
  payload.data = { custom_id: input.customId, component_type: 2 };
  payload.message = message.payload;
  return payload;
}

export interface ModalSubmitInput extends ActorInput {
  /** The MODAL callback (type 9) the bot answered with: its custom_id and components. */
  modal: Record<string, unknown>;
  /** What the user typed, by text input custom_id. */
  values: Record<string, string>;
}

interface ModalTextInput {
  type: number;
  id?: number;
  custom_id: string;
  required?: boolean;
  min_length?: number;
  max_length?: number;
}

/** The text inputs of a modal, in Label (type 18) or legacy action-row (type 1) layout. */
export function modalInputs(modal: Record<string, unknown>): ModalTextInput[] {
  const rows = (modal.components ?? []) as { type: number; component?: ModalTextInput; components?: ModalTextInput[] }[];
  return rows.flatMap((r) => (r.type === 18 && r.component ? [r.component] : r.type === 1 ? (r.components ?? []) : [])).filter((c) => c.type === 4);
}

/**
 * MODAL_SUBMIT (type 5) as Discord sends it after the user filled in the modal: the modal's
 * custom_id, and each Label with its text input's value (the client enforces required and
 * the lengths, so values that break them never reach the bot — the fake refuses them).
 */
export function modalSubmitPayload(state: FakeState, input: ModalSubmitInput): Record<string, unknown> {
  const inputs = modalInputs(input.modal);
  for (const id of Object.keys(input.values)) {
    if (!inputs.some((c) => c.custom_id === id)) throw new Error(`fake discord: the modal has no text input ${id}`);
  }
  const payload = envelope(state, InteractionType.ModalSubmit, input);
  const components = inputs.map((c, n) => {
    const value = input.values[c.custom_id] ?? '';
    if ((c.required ?? true) && value === '') throw new Error(`fake discord: ${c.custom_id} is required`);
    if (value.length > (c.max_length ?? 4000) || (value !== '' && value.length < (c.min_length ?? 0))) {
      throw new Error(`fake discord: ${c.custom_id} breaks its length limits`);
    }
    return { type: 18, id: 2 * n + 1, component: { type: 4, id: c.id ?? 2 * n + 2, custom_id: c.custom_id, value } };
  });
  payload.data = { custom_id: String(input.modal.custom_id), components };
  return payload;
}
