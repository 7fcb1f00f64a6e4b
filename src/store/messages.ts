import type { Kysely } from 'kysely';
import type { StoredMessage } from '../core/domain.js';
import { newId } from '../core/ids.js';
import type { MessageStore, NewReply, NewUserMessage, SearchHit } from '../core/ports.js';
import type { DatabaseHandle } from './db.js';
import { indexDocument, searchKnowledge } from './knowledge.js';
import type { Database, Dialect, MessagesTable } from './schema.js';

type Row = Omit<MessagesTable, 'seq' | 'twin_key'> & { seq: number };

const COLUMNS = ['seq', 'id', 'channel_id', 'thread_id', 'role', 'author_id', 'author_name', 'twin_id', 'content', 'job_id', 'meta', 'created_at'] as const;

function toMessage(r: Row): StoredMessage {
  return {
    id: r.id,
    seq: Number(r.seq),
    channelId: r.channel_id,
    threadId: r.thread_id,
    role: r.role,
    authorId: r.author_id,
    authorName: r.author_name,
    twinId: r.twin_id,
    content: r.content,
    jobId: r.job_id,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
    createdAt: r.created_at,
  };
}

function byJob(db: Kysely<Database>, jobId: string, role: 'user' | 'assistant', twinKey: string) {
  return db.selectFrom('messages').select(COLUMNS).where('job_id', '=', jobId).where('role', '=', role).where('twin_key', '=', twinKey).executeTakeFirst();
}

export class KyselyMessageStore implements MessageStore {
  private readonly db: Kysely<Database>;
  private readonly dialect: Dialect;

  constructor(private readonly handle: DatabaseHandle) {
    this.db = handle.db;
    this.dialect = handle.dialect;
  }

  /** Inserts once per (job, role, twin); indexes a new row for search in the same transaction. */
  private append(
    row: Omit<MessagesTable, 'seq' | 'id' | 'created_at'>,
    attachments: { name: string; text: string }[],
  ): Promise<{ message: StoredMessage; created: boolean }> {
    return this.handle.write(async (trx) => {
      const now = new Date().toISOString();
      const id = newId();
      const res = await trx
        .insertInto('messages')
        .values({ ...row, id, created_at: now })
        .onConflict((oc) => oc.columns(['job_id', 'role', 'twin_key']).doNothing())
        .executeTakeFirst();
      const created = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
      if (created) {
        await indexDocument(trx, this.dialect, { title: row.author_name ?? 'message', body: row.content, channelId: row.channel_id, refId: id, kind: 'message', createdAt: now });
        for (const a of attachments) await insertAttachment(trx, this.dialect, id, row.channel_id, a.name, a.text, now);
      }
      return { message: toMessage((await byJob(trx, row.job_id!, row.role, row.twin_key))!), created };
    });
  }

  appendUser(msg: NewUserMessage): Promise<{ message: StoredMessage; created: boolean }> {
    return this.append(
      {
        channel_id: msg.channelId,
        thread_id: msg.threadId,
        role: 'user',
        author_id: msg.authorId,
        author_name: msg.authorName,
        twin_id: null,
        twin_key: '',
        content: msg.content,
        job_id: msg.jobId,
        meta: '{}',
      },
      msg.attachmentsText ?? [],
    );
  }

  async discardUser(jobId: string): Promise<void> {
    await this.handle.write(async (trx) => {
      const row = await byJob(trx, jobId, 'user', '');
      if (!row) return;
      await trx.deleteFrom('knowledge_fts' as never).where('ref_id' as never, '=', row.id as never).execute();
      await trx.deleteFrom('attachment_texts').where('message_id', '=', row.id).execute();
      await trx.deleteFrom('messages').where('id', '=', row.id).execute();
    });
  }

  appendReply(reply: NewReply): Promise<{ message: StoredMessage; created: boolean }> {
    return this.append(
      {
        channel_id: reply.channelId,
        thread_id: reply.threadId,
        role: 'assistant',
        author_id: null,
        author_name: reply.authorName,
        twin_id: reply.twinId,
        twin_key: reply.twinId ?? '',
        content: reply.content,
        job_id: reply.jobId,
        meta: JSON.stringify(reply.meta),
      },
      [],
    );
  }

  async history(channelId: string, threadId: string | null, beforeSeq: number, limit: number): Promise<StoredMessage[]> {
    return this.historyWhere(channelId, threadId, beforeSeq, limit);
  }

  async historyBefore(channelId: string, threadId: string | null, messageId: string, limit: number): Promise<StoredMessage[]> {
    return this.historyWhere(channelId, threadId, { messageId }, limit);
  }

  private async historyWhere(channelId: string, threadId: string | null, before: number | { messageId: string }, limit: number): Promise<StoredMessage[]> {
    if (limit <= 0) return [];
    let q = this.db.selectFrom('messages').select(COLUMNS).where('channel_id', '=', channelId);
    if (threadId) q = q.where('thread_id', '=', threadId);
    q =
      typeof before === 'number'
        ? q.where('seq', '<', before)
        : q.where('seq', '<', (eb) => eb.selectFrom('messages as anchor').select('anchor.seq').where('anchor.id', '=', before.messageId));
    const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
    return rows.reverse().map(toMessage);
  }

  async replyFor(jobId: string, twinId: string | null): Promise<StoredMessage | null> {
    const r = await byJob(this.db, jobId, 'assistant', twinId ?? '');
    return r ? toMessage(r) : null;
  }

  async repliesFor(jobId: string): Promise<StoredMessage[]> {
    const rows = await this.db.selectFrom('messages').select(COLUMNS).where('job_id', '=', jobId).where('role', '=', 'assistant').orderBy('seq').execute();
    return rows.map(toMessage);
  }

  async lastReplyInThread(channelId: string, threadId: string): Promise<StoredMessage | null> {
    const r = await this.db
      .selectFrom('messages')
      .select(COLUMNS)
      .where('channel_id', '=', channelId)
      .where('thread_id', '=', threadId)
      .where('role', '=', 'assistant')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  async userMessage(jobId: string): Promise<StoredMessage | null> {
    const r = await byJob(this.db, jobId, 'user', '');
    return r ? toMessage(r) : null;
  }

  async addAttachmentText(messageId: string, channelId: string, name: string, text: string): Promise<void> {
    await this.handle.write(async (trx) => {
      if (!(await trx.selectFrom('messages').select('id').where('id', '=', messageId).executeTakeFirst())) return;
      await insertAttachment(trx, this.dialect, messageId, channelId, name, text, new Date().toISOString());
    });
  }

  search(channelId: string, query: string, limit: number): Promise<SearchHit[]> {
    return searchKnowledge(this.db, this.dialect, channelId, query, limit);
  }
}

async function insertAttachment(db: Kysely<Database>, dialect: Dialect, messageId: string, channelId: string, name: string, text: string, now: string): Promise<void> {
  await db.insertInto('attachment_texts').values({ id: newId(), message_id: messageId, channel_id: channelId, name, text, created_at: now }).execute();
  await indexDocument(db, dialect, { title: name, body: text, channelId, refId: messageId, kind: 'attachment', createdAt: now });
}
