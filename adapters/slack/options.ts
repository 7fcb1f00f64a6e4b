import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONFIG_DEFAULTS } from '../../src/config.js';
import type { PlatformAdapterDeps } from '../../src/roles/platform.js';
import type { RoundtableService } from '../../src/roundtable/service.js';

export interface SlackAdapterOptions {
  botToken: string;
  /** HTTP mode: verifies every request (required unless `appToken` is set). */
  signingSecret?: string | undefined;
  /** Socket Mode when set (`xapp-…`); then there is no HTTP endpoint. */
  appToken?: string | undefined;
  /** Web API base URL, handed to the WebClient as `slackApiUrl`. */
  apiUrl?: string | undefined;
  /** Minimum time between two edits of one message. */
  updateIntervalMs?: number | undefined;
  /** Longest text per Slack message before the reply continues in another one. */
  maxMessageChars?: number | undefined;
  /** Try `chat.startStream`/`appendStream`/`stopStream` before falling back to `chat.update`. */
  nativeStreaming?: boolean | undefined;
  /** Calls per minute per method per team, over the Slack tier defaults. */
  rateLimits?: Readonly<Record<string, number>> | undefined;
  /** Calls that may go back to back per method before the rate applies. */
  rateBurst?: number | undefined;
  /** Path the HTTP receiver answers on. */
  endpoint?: string | undefined;
  /** The slash command name. */
  command?: string | undefined;
  /** Whether messages from Slack may use web search. */
  webSearch?: boolean | undefined;
  /** A reply stream silent this long is closed with whatever text it has. */
  idleTimeoutMs?: number | undefined;
  /** How long `stop()` waits for replies in flight to land. */
  stopGraceMs?: number | undefined;
}

/** Roundtables are optional: a deployment without them still runs the adapter. */
export type SlackAdapterDeps = PlatformAdapterDeps & { roundtables?: RoundtableService | undefined };

export interface SlackAdapter {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode: hand it `POST /slack/events` requests with the raw, unread body. Null in Socket Mode. */
  requestListener: ((req: IncomingMessage, res: ServerResponse) => void) | null;
}

export interface ResolvedOptions {
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
  apiUrl: string;
  updateIntervalMs: number;
  maxMessageChars: number;
  nativeStreaming: boolean;
  rateLimits: Readonly<Record<string, number>>;
  rateBurst: number;
  endpoint: string;
  command: string;
  webSearch: boolean;
  idleTimeoutMs: number;
  stopGraceMs: number;
}

export function resolveOptions(o: SlackAdapterOptions): ResolvedOptions {
  if (!o.botToken) throw new Error('slack adapter: botToken is required');
  if (!o.appToken && !o.signingSecret) throw new Error('slack adapter: signingSecret is required in HTTP mode');
  return {
    botToken: o.botToken,
    signingSecret: o.signingSecret ?? null,
    appToken: o.appToken ?? null,
    apiUrl: o.apiUrl ?? CONFIG_DEFAULTS.SLACK_API_URL,
    updateIntervalMs: o.updateIntervalMs ?? CONFIG_DEFAULTS.SLACK_UPDATE_INTERVAL_MS,
    // Slack truncates long `text` and caps section text at 3,000; markdown blocks hold 12,000.
    maxMessageChars: o.maxMessageChars ?? 3500,
    nativeStreaming: o.nativeStreaming ?? true,
    rateLimits: o.rateLimits ?? {},
    rateBurst: o.rateBurst ?? 3,
    endpoint: o.endpoint ?? '/slack/events',
    command: o.command ?? '/twin',
    webSearch: o.webSearch ?? false,
    idleTimeoutMs: o.idleTimeoutMs ?? 10 * 60_000,
    stopGraceMs: o.stopGraceMs ?? 10_000,
  };
}
