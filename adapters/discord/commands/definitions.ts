/**
 * The slash commands, as the JSON Discord registers, and the registration call behind
 * `twinbridge discord register [--guild <id>]`. Guild commands update at once; global ones can
 * take a while to reach every server.
 */
import {
  ApplicationCommandOptionType as Opt,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CATEGORIES, PARTICIPATION_MODES } from '../../../src/core/domain.js';
import { STRATEGIES } from '../../../src/roundtable/types.js';
import { DEFAULT_API_URL } from '../context.js';
import { EXPORT_FORMAT_CHOICES } from './twin-files.js';

const twinOption = (description: string) =>
  ({ type: Opt.String, name: 'twin', description, required: true, autocomplete: true, max_length: 100 }) as const;

const modeChoices = PARTICIPATION_MODES.map((m) => ({ name: m, value: m }));

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const where = {
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
  return [
    {
      name: 'twin',
      description: "Manage this server's twins (your own in DMs)",
      ...where,
      options: [
        {
          type: Opt.Subcommand,
          name: 'browse',
          description: 'Browse the twin catalog',
          options: [
            { type: Opt.String, name: 'category', description: 'Only this category', choices: CATEGORIES.map((c) => ({ name: c, value: c })) },
            { type: Opt.String, name: 'search', description: 'Name, expertise or description', max_length: 100 },
          ],
        },
        {
          type: Opt.Subcommand,
          name: 'add',
          description: 'Add a twin to the workspace',
          options: [
            twinOption('Twin to add'),
            { type: Opt.String, name: 'mode', description: 'How it takes part (default: active)', choices: modeChoices },
            { type: Opt.Boolean, name: 'favorite', description: 'Mark as favorite' },
          ],
        },
        { type: Opt.Subcommand, name: 'remove', description: 'Remove a twin from the workspace', options: [twinOption('Twin to remove')] },
        {
          type: Opt.Subcommand,
          name: 'mode',
          description: 'Set how a twin takes part',
          options: [
            twinOption('Twin to change'),
            { type: Opt.String, name: 'mode', description: 'active answers, on-demand answers when addressed, observer only listens', required: true, choices: modeChoices },
            {
              type: Opt.String,
              name: 'scope',
              description: 'Whole workspace (default) or only this channel',
              choices: [{ name: 'workspace', value: 'workspace' }, { name: 'channel', value: 'channel' }],
            },
          ],
        },
        {
          type: Opt.Subcommand,
          name: 'favorite',
          description: 'Mark or unmark a twin as favorite',
          options: [twinOption('Twin to (un)mark'), { type: Opt.Boolean, name: 'on', description: 'Favorite (default: yes)' }],
        },
        { type: Opt.Subcommand, name: 'list', description: 'Twins in this workspace and their modes here' },
        { type: Opt.Subcommand, name: 'why', description: 'Why the last message (or roundtable turn) here was answered by whom' },
        {
          type: Opt.Subcommand,
          name: 'discuss',
          description: 'Start a roundtable: twins discussing a topic, taking turns',
          options: [
            { type: Opt.String, name: 'topic', description: 'What they discuss', required: true, max_length: 4000 },
            { type: Opt.String, name: 'twins', description: 'Twins, comma-separated (default: the workspace)', autocomplete: true, max_length: 1000 },
            { type: Opt.Integer, name: 'turns', description: 'Turns in all (default 6)', min_value: 1, max_value: 20 },
            { type: Opt.String, name: 'strategy', description: 'Who speaks next (default: addressed)', choices: STRATEGIES.map((s) => ({ name: s, value: s })) },
          ],
        },
        { type: Opt.Subcommand, name: 'stop', description: 'Stop the roundtable running in this channel' },
        { type: Opt.Subcommand, name: 'create', description: 'Create a twin of your own (opens a form)' },
        {
          type: Opt.Subcommand,
          name: 'import',
          description: 'Import twins from a persona file (Character Card JSON/PNG, elizaOS, PluralKit, Tupperbox)',
          options: [{ type: Opt.Attachment, name: 'file', description: 'The file, as downloaded elsewhere (at most 8 MB)', required: true }],
        },
        {
          type: Opt.Subcommand,
          name: 'export',
          description: 'A twin as a persona file (Character Card, elizaOS, PNG card)',
          options: [twinOption('Twin to export'), { type: Opt.String, name: 'format', description: 'File format (default: Character Card V3)', choices: [...EXPORT_FORMAT_CHOICES] }],
        },
      ],
    },
    {
      name: 'ask',
      description: 'Ask one twin, now',
      ...where,
      options: [
        twinOption('Twin to ask'),
        { type: Opt.String, name: 'message', description: 'Your question', required: true, max_length: 4000 },
      ],
    },
  ];
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  apiUrl?: string | undefined;
  /** Register for one guild (immediate) instead of globally. */
  guildId?: string | undefined;
}

export async function registerCommands(o: RegisterOptions): Promise<{ scope: 'guild' | 'global'; commands: string[] }> {
  const rest = new REST({ api: (o.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '') }).setToken(o.token);
  const route = o.guildId ? Routes.applicationGuildCommands(o.applicationId, o.guildId) : Routes.applicationCommands(o.applicationId);
  const stored = (await rest.put(route, { body: commandDefinitions() })) as { name: string }[];
  return { scope: o.guildId ? 'guild' : 'global', commands: stored.map((c) => c.name) };
}
