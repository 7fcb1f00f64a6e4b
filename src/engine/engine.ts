import type { Logger } from 'pino';
import type { Twin } from '../core/domain.js';
import { donePayload } from '../core/done.js';
import { AppError, toAppError } from '../core/errors.js';
import type { ChatJob, CompletionJob, DonePayload, JobPayload, ReplyRecord, RoundtableTurnJob, RoutingEntry, TwinRef } from '../core/messages.js';
import type { ModelProvider } from '../core/model.js';
import type { ChannelStore, ChannelTurns, ImageBlobs, MessageStore, ReplyStream, TwinCatalog } from '../core/ports.js';
import type { RoutableWorkspaceTwin, WorkspaceOwner } from '../core/domain.js';
import { route } from '../routing/index.js';
import { answerTwin, toReplyRecord } from './answer.js';
import { fetchAttachment, type AttachmentPolicy, type FetchedAttachment } from './attachments.js';
import { DEFAULT_ASSISTANT } from '../core/default-twin.js';
import { buildMessages, systemPrompt, type PromptImage } from './prompt.js';
import { JobPublisher } from './publisher.js';
import { knowledgeSearchTool } from './tools.js';

export interface EngineOptions {
  historyLimit: number;
  maxToolRounds: number;
  maxTokens: number;
  /** Slug, id or name of the catalog twin that answers by default; the built-in assistant if none. */
  defaultPersonality: string;
  attachments: AttachmentPolicy;
  /** Where this service is reachable from outside (PUBLIC_URL): stored avatars are linked under it. */
  publicUrl?: string | null;
}

export interface EngineDeps {
  catalog: TwinCatalog;
  routable(owner: WorkspaceOwner, channelId: string): Promise<RoutableWorkspaceTwin[]>;
  channels: ChannelStore;
  messages: MessageStore;
  /** Where the job's images are (it carries references). */
  images: Pick<ImageBlobs, 'get'>;
  stream: ReplyStream;
  turns: ChannelTurns;
  /** The provider that speaks for a twin (Mind Reasoner twins, Claude, or offline). */
  providerFor(twin: Twin): ModelProvider;
  /** Structured one-twin completions (twin-service API); absent until wired. */
  completion?: { process(job: CompletionJob, ctx: JobRunContext): Promise<void> };
  /** Roundtable turns (src/roundtable/turns.ts); absent until wired. */
  roundtable?: { process(job: RoundtableTurnJob, ctx: JobRunContext): Promise<void>; failed(job: RoundtableTurnJob, error: AppError): Promise<void> };
  metrics?: EngineMetrics;
  logger: Logger;
}

/** What the engine reports; prom-client in app.ts. */
export interface EngineMetrics {
  /** Time from the message's arrival to this twin's first streamed text. */
  firstToken(ms: number): void;
  job(kind: JobPayload['kind'], outcome: 'done' | 'failed', ms: number): void;
}

export interface JobRunContext {
  run: number;
  /** No retry follows a failure of this attempt. */
  lastAttempt: boolean;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * A stored avatar's link is relative to this service: platforms get it under `publicUrl`, or no
 * avatar at all rather than a link they cannot fetch.
 */
export function twinRef(t: Twin, publicUrl: string | null = null): TwinRef {
  const relative = t.avatarUrl?.startsWith('/') ?? false;
  const avatarUrl = relative ? (publicUrl ? `${publicUrl.replace(/\/+$/, '')}${t.avatarUrl}` : null) : t.avatarUrl;
  return { id: t.id, slug: t.slug, name: t.name, avatarUrl };
}

/**
 * The worker's job: route, prompt, stream each answering twin's reply, store it exactly once,
 * and publish the events renderers follow.
 */
export function createEngine(options: EngineOptions, deps: EngineDeps) {
  const tools = [knowledgeSearchTool({ messages: deps.messages })];

  async function defaultTwin(): Promise<Twin> {
    return (await deps.catalog.resolve(options.defaultPersonality)) ?? DEFAULT_ASSISTANT;
  }

  /**
   * Who answers, and the twins they are: the explicit one, the workspace's (read with their
   * routing view) and the default are each read once here, and answered with as they are.
   */
  async function decide(job: ChatJob): Promise<{ entries: RoutingEntry[]; twins: Map<string | null, Twin> }> {
    const { inbound } = job;
    const known = new Map<string | null, Twin>();
    let explicit = null;
    if (inbound.personality) {
      const t = (await deps.catalog.resolve(inbound.personality, inbound.owner.customerId)) ?? (inbound.personality === DEFAULT_ASSISTANT.slug ? DEFAULT_ASSISTANT : null);
      if (!t) throw new AppError('TWIN_NOT_FOUND', `No twin "${inbound.personality}" in the catalog`);
      explicit = { twinId: t.id, slug: t.slug, name: t.name, ref: t.slug };
      known.set(t.id, t);
    }
    const [channel, d, twins] = await Promise.all([
      deps.channels.get(inbound.channel.id),
      defaultTwin(),
      deps.routable(inbound.owner, inbound.channel.id),
    ]);
    for (const t of twins) known.set(t.twinId, t.twin);
    // The default answers under the null id (routing's "no twin"), whichever twin it is.
    known.set(null, d);
    const entries = route({
      text: inbound.text,
      explicit,
      twins,
      maxActive: channel?.maxActive ?? 1,
      maxTwins: inbound.options.maxTwins,
      defaultTwin: { twinId: d === DEFAULT_ASSISTANT ? null : d.id, slug: d.slug, name: d.name },
    });
    return { entries, twins: known };
  }

  function twinFor(entry: RoutingEntry, twins: Map<string | null, Twin>): Twin {
    const twin = twins.get(entry.rule === 'default' || !entry.twinId ? null : entry.twinId);
    if (!twin) throw new AppError('TWIN_NOT_FOUND', `twin ${entry.twinId} is no longer in the catalog`);
    return twin;
  }

  async function loadAttachments(job: ChatJob, ctx: JobRunContext): Promise<FetchedAttachment[]> {
    const { inbound } = job;
    const fetched = await Promise.all(
      inbound.attachments.map((a, i) =>
        fetchAttachment(a, `attachments[${i}].url`, options.attachments, ctx.signal).catch((err: unknown): FetchedAttachment => {
          const why = err instanceof AppError ? err.message : 'could not be fetched';
          ctx.logger.warn({ attachment: a.name, why }, 'attachment not used');
          return { name: a.name, type: a.type, text: null, note: `${a.name} could not be read (${why})` };
        }),
      ),
    );
    if (ctx.run === 1) {
      for (const f of fetched) {
        if (f.text) await deps.messages.addAttachmentText(job.userMessageId, inbound.channel.id, f.name, f.text);
      }
    }
    return fetched;
  }

  /** The job's images from the blob store; one that expired fails the job for good. */
  async function loadImages(job: ChatJob): Promise<PromptImage[]> {
    return Promise.all(
      job.inbound.images.map(async (img, i) => {
        const bytes = await deps.images.get(img.ref);
        if (!bytes || bytes.length !== img.size) {
          throw new AppError('IMAGE_EXPIRED', `images[${i}]: image ${img.ref} is no longer stored; it was kept for a limited time (IMAGE_TTL_SECONDS)`);
        }
        return { mediaType: img.mediaType, base64: bytes.toString('base64') };
      }),
    );
  }

  async function processChat(job: ChatJob, ctx: JobRunContext): Promise<void> {
    const { inbound } = job;
    const publisher = new JobPublisher(deps.stream, job.jobId);
    const begun = Date.parse(inbound.receivedAt) || Date.now();
    if (ctx.run > 1) publisher.emit({ event: 'reset', twin: null, data: { attempt: ctx.run } });
    let records: ReplyRecord[];
    let entries: RoutingEntry[];
    const refs = new Map<string | null, TwinRef>();
    const failed: NonNullable<DonePayload['metadata']['failed']> = [];
    try {
      const decided = await decide(job);
      entries = decided.entries;
      const prepareEntry = async (entry: RoutingEntry) => {
        const twin = twinFor(entry, decided.twins);
        const ref = twinRef(twin, options.publicUrl ?? null);
        refs.set(twin.id, ref);
        // A first run has stored nothing yet; a later one may have finished this twin already.
        return { entry, twin, ref, stored: ctx.run === 1 ? null : await deps.messages.replyFor(job.jobId, twin.id) };
      };
      // The message's history position is read with the history itself, by the id in the job.
      const history = await deps.messages.historyBefore(inbound.channel.id, inbound.channel.threadId, job.userMessageId, options.historyLimit);
      const [attachments, images] = await Promise.all([loadAttachments(job, ctx), loadImages(job)]);
      // Every read a twin's answer needs happens before this job takes its turn, so that between
      // `started` and the model request there is no store round trip a later job could overtake
      // (replies must reach the model in arrival order).
      const prepared = await Promise.all(
        entries.map((entry) =>
          prepareEntry(entry).then(
            (p) => ({ ok: true as const, ...p }),
            (reason: unknown) => ({ ok: false as const, reason }),
          ),
        ),
      );
      await deps.turns.waitTurn(inbound.channel.id, job.seq);
      const answerEntry = async (p: (typeof prepared)[number], onAccepted: () => void): Promise<ReplyRecord> => {
        if (!p.ok) throw p.reason;
        const { entry, twin, ref, stored } = p;
        if (stored) {
          // An earlier run finished this twin before the job failed: replay, don't regenerate.
          const record: ReplyRecord = { ...storedRecord(stored.meta), messageId: stored.id, reply: stored.content };
          publisher.emit({ event: 'text_delta', twin: ref, data: { content: stored.content, accumulated_length: stored.content.length } });
          publisher.emit({ event: 'twin_done', twin: ref, data: record });
          return record;
        }
        const result = await answerTwin(
          {
            twin,
            ref,
            entry,
            system: systemPrompt(twin, inbound.platform),
            messages: buildMessages({ twin, inbound, history, attachments, images }),
            model: inbound.options.model,
            webSearch: inbound.options.webSearch ? 'auto' : 'off',
            maxTokens: options.maxTokens,
            maxToolRounds: options.maxToolRounds,
            channelId: inbound.channel.id,
            messageId: job.userMessageId,
            signal: ctx.signal,
          },
          {
            provider: deps.providerFor(twin),
            tools,
            publisher,
            logger: ctx.logger,
            onFirstText: () => deps.metrics?.firstToken(Date.now() - begun),
            onAccepted,
          },
        );
        const responseTime = Date.now() - begun;
        const provisional = toReplyRecord(result, { messageId: '', twin, responseTime });
        const { message } = await deps.messages.appendReply({
          channelId: inbound.channel.id,
          threadId: inbound.channel.threadId,
          jobId: job.jobId,
          twinId: twin.id,
          authorName: twin.name,
          content: result.text,
          meta: { record: provisional, routing: entry },
        });
        const record = { ...provisional, messageId: message.id, reply: message.content };
        publisher.emit({ event: 'twin_done', twin: ref, data: record });
        return record;
      };
      // The turn is handed on once the model holds every request of this job (or an answer ended
      // without one), so the next message's request cannot reach the model first. Failures are
      // captured now (no unhandled rejection while the answers run) and raised once they settle.
      const accepted: Promise<void>[] = [];
      const answering = prepared.map((p) => {
        let onAccepted!: () => void;
        accepted.push(new Promise<void>((resolve) => (onAccepted = resolve)));
        const answer = answerEntry(p, onAccepted);
        void answer.then(onAccepted, onAccepted);
        return answer;
      });
      const captured = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => ({ e }));
      const turnTaken = captured(Promise.all(accepted).then(() => deps.turns.started(inbound.channel.id, job.seq)));
      const routingSaved = captured(
        deps.channels.setLastRouting(inbound.channel.id, {
          jobId: job.jobId,
          messageId: inbound.messageId,
          routing: entries,
          at: new Date().toISOString(),
        }),
      );
      const settled = await Promise.allSettled(answering);
      const infraFailure = (await turnTaken) ?? (await routingSaved);
      if (infraFailure) throw infraFailure.e;
      records = [];
      let rethrow: unknown = null;
      settled.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') return void records.push(outcome.value);
        const err = toAppError(outcome.reason);
        // One twin's failure does not sink the others: unless the whole job is retried anyway (a
        // retryable failure with attempts left), it becomes that twin's error and the rest land.
        if (entries.length === 1 || (err.retryable && !ctx.lastAttempt)) {
          rethrow ??= outcome.reason;
          return;
        }
        const entry = entries[i]!;
        ctx.logger.warn({ err, twin: entry.slug }, 'one twin failed; delivering the others');
        failed.push({ personality: entry.slug, twinId: entry.twinId, code: err.code, message: err.userMessage });
        publisher.emit({
          event: 'error',
          twin: refs.get(entry.twinId) ?? { id: entry.twinId ?? '', slug: entry.slug, name: entry.name, avatarUrl: null },
          data: { message: err.userMessage, streamId: job.jobId, code: err.code },
        });
      });
      if (rethrow) throw rethrow;
      if (records.length === 0) throw toAppError((settled.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason);
    } catch (err) {
      await publisher.flush().catch(() => undefined);
      throw err;
    }
    publisher.emit({ event: 'done', twin: records.length === 1 ? (refs.get(records[0]!.twinId) ?? null) : null, data: donePayload({
        streamId: job.jobId,
        records,
        routing: entries,
        responseTime: Date.now() - begun,
        timestamp: new Date().toISOString(),
        failed,
        debug: job.inbound.options.debug,
      }),
    });
    await publisher.flush();
  }

  return {
    async process(job: JobPayload, ctx: JobRunContext): Promise<void> {
      const started = Date.now();
      if (job.kind === 'chat') await processChat(job, ctx);
      else if (job.kind === 'roundtable') {
        if (!deps.roundtable) throw new AppError('PROVIDER_NOT_CONFIGURED', 'roundtable jobs are not enabled on this worker');
        await deps.roundtable.process(job, ctx);
      } else if (!deps.completion) throw new AppError('PROVIDER_NOT_CONFIGURED', 'completion jobs are not enabled on this worker');
      else await deps.completion.process(job, ctx);
      deps.metrics?.job(job.kind, 'done', Date.now() - started);
    },
    async failed(job: JobPayload, error: AppError): Promise<void> {
      deps.metrics?.job(job.kind, 'failed', 0);
      if (job.kind === 'roundtable') return deps.roundtable?.failed(job, error);
      // A job that failed before its turn started would hold the channel's next message until
      // the turn wait times out; its turn is over either way.
      if (job.kind === 'chat') await deps.turns.started(job.inbound.channel.id, job.seq).catch(() => undefined);
      await deps.stream.publish(job.jobId, {
        event: 'error',
        twin: null,
        data: { message: error.userMessage, streamId: job.jobId, code: error.code },
      });
    },
  };
}

function storedRecord(meta: unknown): ReplyRecord {
  return (meta as { record: ReplyRecord }).record;
}
