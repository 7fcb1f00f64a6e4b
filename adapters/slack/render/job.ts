/**
 * Renders one job's reply stream into a Slack thread: one reply (message series) per twin under
 * the twin's name and icon, an assistant status while twins think or use tools, and a short
 * sentence if the job fails. Events arrive in order; handling them only changes state, the
 * replies' own loops talk to Slack.
 */
import type { Logger } from 'pino';
import type { LoggedEvent, TwinRef } from '../../../src/core/messages.js';
import type { SlackApi } from './api.js';
import { createTwinReply, type NativeStreaming, type ReplyTarget, type TwinReply } from './reply.js';

export interface JobRendererDeps {
  api: SlackApi;
  native: NativeStreaming;
  logger: Logger;
  maxChars: number;
  intervalMs: number;
  idleTimeoutMs: number;
  /** A twin spoke in this thread (thread replies then reach it). */
  onTwinReplied?: (slug: string | null) => void;
}

export interface JobRenderer {
  handle(event: LoggedEvent): void;
  /** Resolves when the job ended (done, error or idle) and every reply has landed. */
  readonly finished: Promise<void>;
  /** Ends now: lands what each reply has. */
  close(reason: string): void;
}

const DEFAULT_KEY = 'default';
const keyOf = (twin: TwinRef | null) => twin?.id ?? DEFAULT_KEY;
const httpUrl = (u: string | null) => (u && /^https?:\/\//.test(u) ? u : null);

export function createJobRenderer(jobId: string, target: ReplyTarget, deps: JobRendererDeps): JobRenderer {
  const { api, logger } = deps;
  const replies = new Map<string, { reply: TwinReply; twin: TwinRef | null }>();
  let ended = false;
  let statusWorks = true;
  let statusShown = '';
  let statusChain: Promise<void> = Promise.resolve();
  let idleTimer: NodeJS.Timeout | undefined;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((r) => (resolveFinished = r));

  function replyFor(twin: TwinRef | null): TwinReply {
    const key = keyOf(twin);
    let entry = replies.get(key);
    if (!entry) {
      const reply = createTwinReply(
        target,
        { username: twin?.name ?? null, iconUrl: httpUrl(twin?.avatarUrl ?? null) },
        { api, native: deps.native, logger, maxChars: deps.maxChars, intervalMs: deps.intervalMs },
      );
      entry = { reply, twin };
      replies.set(key, entry);
    }
    return entry.reply;
  }

  /** assistant.threads.setStatus works only in assistant threads; after one refusal we stop asking. */
  function setStatus(text: string): void {
    if (!statusWorks || text === statusShown) return;
    statusShown = text;
    statusChain = statusChain.then(async () => {
      if (!statusWorks) return;
      const r = await api.call(target.teamId, 'assistant.threads.setStatus', {
        channel_id: target.channel,
        thread_ts: target.threadTs,
        status: text,
      });
      if (!r.ok && r.kind !== 'ratelimited' && r.kind !== 'transient') statusWorks = false;
    });
  }

  function armIdle(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close('idle'), deps.idleTimeoutMs);
    idleTimer.unref();
  }

  async function finish(): Promise<void> {
    if (idleTimer) clearTimeout(idleTimer);
    await Promise.all([...replies.values()].map((e) => e.reply.settled()));
    if (statusShown) setStatus('');
    await statusChain;
    resolveFinished();
  }

  /** Ends the job: every open reply lands with its text, or `fallback` if it has none. */
  function endAll(fallback: string): void {
    if (ended) return;
    ended = true;
    for (const { reply } of replies.values()) if (!reply.isFinal) reply.finish(reply.text || fallback);
    void finish();
  }

  function close(reason: string): void {
    logger.debug({ jobId, reason }, 'slack job renderer closing');
    endAll('_(no answer)_');
  }

  function handle(ev: LoggedEvent): void {
    if (ended) return;
    armIdle();
    const name = ev.twin?.name;
    switch (ev.event) {
      case 'reset':
        if (ev.twin === null) for (const { reply } of replies.values()) reply.reset();
        else replies.get(keyOf(ev.twin))?.reply.reset();
        return;
      case 'status': {
        if (ev.data.status === 'queued') return;
        const line = ev.data.status === 'tool' && ev.data.tool ? `is using ${ev.data.tool}…` : 'is thinking…';
        setStatus(name ? `${name} ${line}` : line);
        if (ev.twin) replyFor(ev.twin).setStatus(line.replace(/^is /, ''));
        return;
      }
      case 'tool_start':
      case 'tool_call':
        setStatus(name ? `${name} is using ${ev.data.tool}…` : `is using ${ev.data.tool}…`);
        replies.get(keyOf(ev.twin))?.reply.setStatus(`using ${ev.data.tool}…`);
        return;
      case 'tool_result':
      case 'tool_complete':
        setStatus(name ? `${name} is thinking…` : 'is thinking…');
        replies.get(keyOf(ev.twin))?.reply.setStatus('thinking…');
        return;
      case 'text_delta':
        replyFor(ev.twin).append(ev.data.content);
        return;
      case 'twin_done':
        replyFor(ev.twin).finish(ev.data.reply);
        deps.onTwinReplied?.(ev.twin.slug);
        return;
      case 'done':
        // Replies that never had their own twin_done (e.g. the default assistant) land from here.
        for (const r of ev.data.replies) {
          const entry = replies.get(r.twinId ?? DEFAULT_KEY);
          if (entry && !entry.reply.isFinal) entry.reply.finish(r.reply);
          else if (!entry && r.reply) {
            const twin = r.twinId ? { id: r.twinId, slug: r.personality, name: r.twinName, avatarUrl: null } : null;
            replyFor(twin).finish(r.reply);
          }
        }
        if (ev.data.replies.length === 0 && replies.size === 0 && ev.data.reply) replyFor(null).finish(ev.data.reply);
        {
          const last = ev.data.replies[ev.data.replies.length - 1];
          if (last) deps.onTwinReplied?.(last.twinId ? last.personality : null);
        }
        endAll('_(no answer)_');
        return;
      case 'error': {
        const sentence = `:warning: ${ev.data.message}`;
        if (ev.twin) {
          // One twin failed; the others may still answer.
          const reply = replyFor(ev.twin);
          reply.finish(reply.text ? `${reply.text}\n\n${sentence}` : sentence);
          return;
        }
        if (replies.size === 0) replyFor(null).finish(sentence);
        endAll(sentence);
        return;
      }
    }
  }

  armIdle();
  return { handle, finished, close };
}
