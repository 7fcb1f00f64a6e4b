/**
 * The assistant status under a thread ("Ada is thinking…", "Ada is using web_search…") while
 * twins work. assistant.threads.setStatus works only in assistant threads; after one refusal
 * this stops asking for the rest of the job.
 */
import type { LoggedEvent } from '../../../src/core/messages.js';
import type { SlackApi } from './api.js';
import type { ReplyTarget } from './sink.js';

export interface AssistantStatus {
  handle(event: LoggedEvent): void;
  /** Clears the status (once the job's replies landed). */
  clear(): Promise<void>;
}

export function createAssistantStatus(api: SlackApi, target: ReplyTarget): AssistantStatus {
  let works = true;
  let shown = '';
  let chain: Promise<void> = Promise.resolve();

  function set(text: string): void {
    if (!works || text === shown) return;
    shown = text;
    chain = chain.then(async () => {
      if (!works) return;
      const r = await api.call(target.teamId, 'assistant.threads.setStatus', { channel_id: target.channel, thread_ts: target.threadTs, status: text });
      if (!r.ok && r.kind !== 'ratelimited' && r.kind !== 'transient') works = false;
    });
  }

  return {
    handle(ev) {
      const who = (line: string): string => (ev.twin?.name ? `${ev.twin.name} ${line}` : line);
      switch (ev.event) {
        case 'status':
          if (ev.data.status !== 'queued') set(who(ev.data.status === 'tool' && ev.data.tool ? `is using ${ev.data.tool}…` : 'is thinking…'));
          return;
        case 'tool_start':
        case 'tool_call':
          set(who(`is using ${ev.data.tool}…`));
          return;
        case 'tool_result':
        case 'tool_complete':
          set(who('is thinking…'));
          return;
        default:
          return;
      }
    },
    async clear() {
      if (shown) set('');
      await chain;
    },
  };
}
