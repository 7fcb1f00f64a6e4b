import type { StoredMessage } from '../core/domain.js';
import { newId } from '../core/ids.js';
import type { MessageStore, NewReply, NewUserMessage, SearchHit } from '../core/ports.js';
import { searchWords } from '../core/text.js';
import type { Db } from './db.js';

interface Row {
  seq: number;
  id: string;
  channel_id: string;
  thread_id: string | null;
  role: 'user' | 'assistant';
  author_id: string | null;
  author_name: string | null;
  twin_id: string | null;
  content: string;
  job_id: string | null;
  meta: string;
  created_at: string;
}

function toMessage(r: Row): StoredMessage {
  return {
    id: r.id,
    seq: r.seq,
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

export class SqliteMessageStore implements MessageStore {
  private readonly insertStmt;
  private readonly byJobStmt;
  private readonly ftsInsert;
  private readonly historyAll;
  private readonly historyThread;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO messages (id, channel_id, thread_id, role, author_id, author_name, twin_id, twin_key, content, job_id, meta, created_at)
       VALUES (@id, @channel_id, @thread_id, @role, @author_id, @author_name, @twin_id, @twin_key, @content, @job_id, @meta, @created_at)
       ON CONFLICT (job_id, role, twin_key) DO NOTHING`,
    );
    this.byJobStmt = db.prepare<[string, string, string], Row>(
      'SELECT * FROM messages WHERE job_id = ? AND role = ? AND twin_key = ?',
    );
    this.ftsInsert = db.prepare(
      'INSERT INTO knowledge_fts (title, body, channel_id, ref_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.historyAll = db.prepare<[string, number, number], Row>(
      'SELECT * FROM messages WHERE channel_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.historyThread = db.prepare<[string, string, number, number], Row>(
      'SELECT * FROM messages WHERE channel_id = ? AND thread_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
  }

  appendUser(msg: NewUserMessage): { message: StoredMessage; created: boolean } {
    const run = this.db.transaction(() => {
      const now = new Date().toISOString();
      const id = newId();
      const res = this.insertStmt.run({
        id,
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
        created_at: now,
      });
      if (res.changes > 0) {
        this.ftsInsert.run(msg.authorName ?? 'message', msg.content, msg.channelId, id, 'message', now);
        for (const a of msg.attachmentsText ?? []) this.insertAttachment(id, msg.channelId, a.name, a.text, now);
      }
      return { message: toMessage(this.byJobStmt.get(msg.jobId, 'user', '')!), created: res.changes > 0 };
    });
    return run.immediate();
  }

  discardUser(jobId: string): void {
    const run = this.db.transaction(() => {
      const row = this.byJobStmt.get(jobId, 'user', '');
      if (!row) return;
      this.db.prepare('DELETE FROM knowledge_fts WHERE ref_id = ?').run(row.id);
      this.db.prepare('DELETE FROM attachment_texts WHERE message_id = ?').run(row.id);
      this.db.prepare('DELETE FROM messages WHERE id = ?').run(row.id);
    });
    run.immediate();
  }

  appendReply(reply: NewReply): { message: StoredMessage; created: boolean } {
    const run = this.db.transaction(() => {
      const now = new Date().toISOString();
      const id = newId();
      const twinKey = reply.twinId ?? '';
      const res = this.insertStmt.run({
        id,
        channel_id: reply.channelId,
        thread_id: reply.threadId,
        role: 'assistant',
        author_id: null,
        author_name: reply.authorName,
        twin_id: reply.twinId,
        twin_key: twinKey,
        content: reply.content,
        job_id: reply.jobId,
        meta: JSON.stringify(reply.meta),
        created_at: now,
      });
      if (res.changes > 0) this.ftsInsert.run(reply.authorName, reply.content, reply.channelId, id, 'message', now);
      return { message: toMessage(this.byJobStmt.get(reply.jobId, 'assistant', twinKey)!), created: res.changes > 0 };
    });
    return run.immediate();
  }

  history(channelId: string, threadId: string | null, beforeSeq: number, limit: number): StoredMessage[] {
    if (limit <= 0) return [];
    const rows = threadId
      ? this.historyThread.all(channelId, threadId, beforeSeq, limit)
      : this.historyAll.all(channelId, beforeSeq, limit);
    return rows.reverse().map(toMessage);
  }

  replyFor(jobId: string, twinId: string | null): StoredMessage | null {
    const r = this.byJobStmt.get(jobId, 'assistant', twinId ?? '');
    return r ? toMessage(r) : null;
  }

  repliesFor(jobId: string): StoredMessage[] {
    return this.db
      .prepare<[string], Row>("SELECT * FROM messages WHERE job_id = ? AND role = 'assistant' ORDER BY seq")
      .all(jobId)
      .map(toMessage);
  }

  lastReplyInThread(channelId: string, threadId: string): StoredMessage | null {
    const r = this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM messages WHERE channel_id = ? AND thread_id = ? AND role = 'assistant' ORDER BY seq DESC LIMIT 1",
      )
      .get(channelId, threadId);
    return r ? toMessage(r) : null;
  }

  userMessage(jobId: string): StoredMessage | null {
    const r = this.byJobStmt.get(jobId, 'user', '');
    return r ? toMessage(r) : null;
  }

  addAttachmentText(messageId: string, channelId: string, name: string, text: string): void {
    this.insertAttachment(messageId, channelId, name, text, new Date().toISOString());
  }

  private insertAttachment(messageId: string, channelId: string, name: string, text: string, now: string): void {
    const id = newId();
    this.db
      .prepare('INSERT INTO attachment_texts (id, message_id, channel_id, name, text, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, messageId, channelId, name, text, now);
    this.ftsInsert.run(name, text, channelId, messageId, 'attachment', now);
  }

  search(channelId: string, query: string, limit: number): SearchHit[] {
    const words = searchWords(query);
    if (words.length === 0) return [];
    // Quoted terms OR-ed: recall matters more than precision for a model's tool; bm25 ranks.
    const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
    const rows = this.db
      .prepare(
        `SELECT ref_id, kind, title, snippet(knowledge_fts, 1, '[', ']', '…', 24) AS snippet, created_at
         FROM knowledge_fts WHERE knowledge_fts MATCH ? AND channel_id = ? ORDER BY bm25(knowledge_fts) LIMIT ?`,
      )
      .all(match, channelId, limit) as { ref_id: string; kind: 'message' | 'attachment'; title: string; snippet: string; created_at: string }[];
    return rows.map((r) => ({ messageId: r.ref_id, kind: r.kind, title: r.title, snippet: r.snippet, createdAt: r.created_at }));
  }
}
