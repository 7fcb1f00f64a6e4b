import { Counter, type Registry } from 'prom-client';

export interface SlackMetrics {
  /** Inbound Slack events by kind and what became of them. */
  events: Counter<'kind' | 'outcome'>;
  /** Web API calls by method and outcome (ok, ratelimited, or the Slack error name). */
  apiCalls: Counter<'method' | 'outcome'>;
  /** Teams that fell back from native streaming to chat.update. */
  streamFallbacks: Counter<never>;
  /** Slash commands by subcommand and outcome. */
  commands: Counter<'subcommand' | 'outcome'>;
}

/** Reuses metrics already in the registry, so several adapters (tests) can share one. */
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function createSlackMetrics(registry: Registry): SlackMetrics {
  return {
    events: counter(registry, 'twinbridge_slack_events_total', 'Slack events received, by kind and outcome', ['kind', 'outcome']),
    apiCalls: counter(registry, 'twinbridge_slack_api_calls_total', 'Slack Web API calls, by method and outcome', ['method', 'outcome']),
    streamFallbacks: counter(registry, 'twinbridge_slack_stream_fallbacks_total', 'Teams that fell back from native streaming to chat.update', []),
    commands: counter(registry, 'twinbridge_slack_commands_total', 'Slash commands, by subcommand and outcome', ['subcommand', 'outcome']),
  };
}
