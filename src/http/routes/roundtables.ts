import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { channelIdFor, newId } from '../../core/ids.js';
import type { ChannelStore } from '../../core/ports.js';
import type { LoggedRoundtableEvent } from '../../roundtable/events.js';
import type { RoundtableState } from '../../roundtable/ports.js';
import type { RoundtableService } from '../../roundtable/service.js';
import type { Roundtable } from '../../roundtable/types.js';
import { publicRoundtable, publicTurn } from '../../roundtable/view.js';
import { apiChannelKey } from '../api-channel.js';
import { ownerOf, type Authenticator } from '../auth.js';
import type { RateLimiter } from '../rate-limit.js';
import { CreateRoundtableBody, RoundtableListQuery, RoundtableMessageBody, RoundtableParams } from '../roundtable-schemas.js';
import { principalOf, requireAuth } from '../server.js';
import { openSse, sseFrame } from '../sse.js';
import { parseInput } from '../validate.js';

export interface RoundtableRouteDeps {
  auth: Authenticator;
  ipLimiter: RateLimiter;
  userLimiter: RateLimiter;
  roundtables: RoundtableService;
  channels: ChannelStore;
  keepaliveMs: number;
}


function view(s: RoundtableState) {
  const data = publicRoundtable(s);
  const ref = s.roundtable.meta['channelRef'];
  return typeof ref === 'string' ? { ...data, channel_id: ref } : data;
}

/** A finished roundtable's events rebuilt from the store, once its event log has expired. */
function replayFromStore(s: RoundtableState): { event: string; data: unknown }[] {
  const out: { event: string; data: unknown }[] = [];
  const slug = (id: string) => s.roundtable.twins.find((t) => t.twinId === id)?.slug ?? id;
  for (const t of s.turns) {
    out.push({ event: 'turn_start', data: { turn: t.turn, twinId: t.twinId, personality: slug(t.twinId), name: t.name, reason: t.reason } });
    if (t.reply !== null) {
      out.push({ event: 'text_delta', data: { turn: t.turn, twinId: t.twinId, personality: slug(t.twinId), content: t.reply, accumulated_length: t.reply.length } });
      out.push({ event: 'turn_done', data: { turn: t.turn, twinId: t.twinId, personality: slug(t.twinId), reply: t.reply } });
    }
  }
  out.push({ event: 'done', data: doneData(s) });
  return out;
}

function doneData(s: RoundtableState) {
  const r = s.roundtable;
  return { roundtableId: r.id, status: r.status, stopped_by: r.stoppedBy, turns: s.turns.map(publicTurn) };
}

/** api/roundtables.md, exactly. */
export function registerRoundtableRoutes(app: FastifyInstance, deps: RoundtableRouteDeps): void {
  const base = '/api/v2/roundtables';
  const ipOnly = [requireAuth(deps.auth), async (req: FastifyRequest, reply: FastifyReply) => deps.ipLimiter.consume(req.ip, reply)];
  // Starting one counts against the chat limits once; its turns do not.
  const chatLimits = [
    requireAuth(deps.auth),
    async (req: FastifyRequest, reply: FastifyReply) => {
      await deps.ipLimiter.consume(req.ip, reply);
      await deps.userLimiter.consume(principalOf(req).userId, reply);
    },
  ];

  app.post(base, { preHandler: chatLimits }, async (req, reply) => {
    const p = principalOf(req);
    const body = parseInput(CreateRoundtableBody, req.body);
    const channelRef = body.channelId ?? newId();
    const owner = ownerOf(p);
    const channel = (await deps.channels.ensure({ platform: 'api', externalId: apiChannelKey(p, channelRef), customerId: owner.customerId, workspaceUserId: owner.userId }));
    const state = await deps.roundtables.start({
      owner,
      userId: p.userId,
      platform: 'api',
      channelId: channel.id,
      topic: body.topic,
      twins: body.twins,
      maxTurns: body.max_turns,
      strategy: body.strategy,
      meta: { channelRef },
    });
    return reply.status(201).send({ success: true, data: view(state) });
  });

  app.get(base, { preHandler: ipOnly }, async (req) => {
    const p = principalOf(req);
    const q = parseInput(RoundtableListQuery, req.query, 'query');
    const channelId = q.channelId ? channelIdFor('api', apiChannelKey(p, q.channelId)) : undefined;
    const list: Roundtable[] = await deps.roundtables.list(p.userId, channelId);
    const states = await Promise.all(list.map((r) => deps.roundtables.get(r.id, p.userId)));
    return { success: true, data: states.map(view) };
  });

  app.get(`${base}/:id`, { preHandler: ipOnly }, async (req) => {
    const { id } = parseInput(RoundtableParams, req.params, 'params');
    return { success: true, data: view(await deps.roundtables.get(id, principalOf(req).userId)) };
  });

  app.post(`${base}/:id/messages`, { preHandler: ipOnly }, async (req, reply) => {
    const p = principalOf(req);
    const { id } = parseInput(RoundtableParams, req.params, 'params');
    const body = parseInput(RoundtableMessageBody, req.body);
    const key = newId();
    await deps.roundtables.addMessage(id, p.userId, { id: p.userId, name: 'User' }, body.message, key);
    return reply.status(202).send({ success: true, data: { id: key, roundtable_id: id, message: body.message } });
  });

  app.post(`${base}/:id/stop`, { preHandler: ipOnly }, async (req) => {
    const { id } = parseInput(RoundtableParams, req.params, 'params');
    return { success: true, data: view(await deps.roundtables.stop(id, principalOf(req).userId)) };
  });

  app.get(`${base}/:id/stream`, { preHandler: ipOnly }, async (req, reply) => {
    const { id } = parseInput(RoundtableParams, req.params, 'params');
    const userId = principalOf(req).userId;
    await deps.roundtables.get(id, userId);
    const last = req.headers['last-event-id'];
    const afterId = typeof last === 'string' && /^\d+-\d+$/.test(last) ? last : '0';
    const streamId = `rt-${id}`;

    reply.hijack();
    const res = reply.raw;
    openSse(res, { 'x-request-id': req.id, 'x-stream-id': streamId });
    res.write(sseFrame('connected', { streamId, roundtableId: id, timestamp: new Date().toISOString() }, afterId === '0' ? '0-0' : afterId));
    let stop: (() => void) | null = null;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      stop?.();
      res.end();
    };
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), deps.keepaliveMs);
    res.on('close', end);
    try {
      stop = await deps.roundtables.follow(id, afterId, (e: LoggedRoundtableEvent) => {
        if (ended) return;
        res.write(sseFrame(e.event, e.data, e.id));
        if (e.event === 'done') end();
      });
      if (ended) return void stop();
      const state = await deps.roundtables.get(id, userId);
      if (state.roundtable.status === 'running') return;
      // Finished, and its done was not in the log: the log expired (replay the store) or the
      // announcement was lost in a crash (the store says how it ended).
      const expired = !(await deps.roundtables.streamExists(id));
      const frames = expired && afterId === '0' ? replayFromStore(state) : [{ event: 'done', data: doneData(state) }];
      frames.forEach((f, i) => res.write(sseFrame(f.event, f.data, `0-${i + 1}`)));
      end();
    } catch (err) {
      req.log.error({ err }, 'roundtable stream failed');
      res.write(sseFrame('error', { message: 'The roundtable stream failed.', turn: null }, '0-0'));
      end();
    }
  });
}
