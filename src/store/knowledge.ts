/**
 * Knowledge search over a channel's history, the same on both dialects: the database's full-text
 * index (SQLite FTS5, PostgreSQL tsvector + GIN) finds candidate documents, and the ranking and
 * snippet are computed here from one tokenization, so the same query gets the same answer
 * whichever database is behind it.
 */
import { sql, type Kysely } from 'kysely';
import type { SearchHit } from '../core/ports.js';
import { normalizeKey, searchWords } from '../core/text.js';
import type { Database, Dialect } from './schema.js';

/** How many of the newest matching documents are ranked. Recall matters more than precision for a model's tool. */
const CANDIDATES = 200;
const SNIPPET_TOKENS = 24;

/** Words as both indexes see them: lowercase ASCII letters and digits, accents removed. */
export function knowledgeTerms(text: string): string[] {
  return normalizeKey(text).split(/[^a-z0-9]+/).filter(Boolean);
}

/** The query's distinct terms. */
export function queryTerms(query: string): string[] {
  return [...new Set(searchWords(query).flatMap(knowledgeTerms))];
}

export interface KnowledgeDoc {
  title: string;
  body: string;
  channelId: string;
  refId: string;
  kind: 'message' | 'attachment';
  createdAt: string;
}

export async function indexDocument(db: Kysely<Database>, dialect: Dialect, doc: KnowledgeDoc): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`INSERT INTO knowledge_fts (title, body, channel_id, ref_id, kind, created_at)
      VALUES (${doc.title}, ${doc.body}, ${doc.channelId}, ${doc.refId}, ${doc.kind}, ${doc.createdAt})`.execute(db);
    return;
  }
  const terms = knowledgeTerms(`${doc.title} ${doc.body}`).join(' ');
  await sql`INSERT INTO knowledge_fts (title, body, channel_id, ref_id, kind, created_at, terms)
    VALUES (${doc.title}, ${doc.body}, ${doc.channelId}, ${doc.refId}, ${doc.kind}, ${doc.createdAt}, ${terms})`.execute(db);
}

interface Candidate {
  ref_id: string;
  kind: 'message' | 'attachment';
  title: string;
  body: string;
  created_at: string;
}

/** Any term, newest first. */
async function candidates(db: Kysely<Database>, dialect: Dialect, channelId: string, terms: string[]): Promise<Candidate[]> {
  if (dialect === 'sqlite') {
    const match = terms.map((t) => `"${t}"`).join(' OR ');
    const res = await sql<Candidate>`SELECT ref_id, kind, title, body, created_at FROM knowledge_fts
      WHERE knowledge_fts MATCH ${match} AND channel_id = ${channelId} ORDER BY rowid DESC LIMIT ${CANDIDATES}`.execute(db);
    return res.rows;
  }
  const query = terms.join(' | ');
  const res = await sql<Candidate>`SELECT ref_id, kind, title, body, created_at FROM knowledge_fts
    WHERE channel_id = ${channelId} AND tsv @@ to_tsquery('simple', ${query}) ORDER BY rid DESC LIMIT ${CANDIDATES}`.execute(db);
  return res.rows;
}

export async function searchKnowledge(db: Kysely<Database>, dialect: Dialect, channelId: string, query: string, limit: number): Promise<SearchHit[]> {
  const terms = queryTerms(query);
  if (terms.length === 0 || limit <= 0) return [];
  return rankKnowledge(await candidates(db, dialect, channelId, terms), terms, limit);
}

interface Token {
  start: number;
  end: number;
  match: boolean;
}

function tokens(text: string, wanted: Set<string>): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const match = knowledgeTerms(m[0]).some((t) => wanted.has(t));
    out.push({ start: m.index, end: m.index + m[0].length, match });
  }
  return out;
}

/** The window of SNIPPET_TOKENS tokens with the most matches, matches in [brackets]. */
export function snippet(text: string, wanted: Set<string>): string {
  const toks = tokens(text, wanted);
  if (toks.length === 0) return text.slice(0, 200);
  let best = 0;
  let bestCount = -1;
  for (let start = 0; start < Math.max(1, toks.length - SNIPPET_TOKENS + 1); start++) {
    let count = 0;
    for (let i = start; i < Math.min(toks.length, start + SNIPPET_TOKENS); i++) if (toks[i]!.match) count++;
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  const end = Math.min(toks.length, best + SNIPPET_TOKENS);
  let out = best > 0 ? '…' : '';
  let at = toks[best]!.start;
  if (best === 0) out += text.slice(0, at);
  for (let i = best; i < end; i++) {
    const t = toks[i]!;
    out += text.slice(at, t.start);
    out += t.match ? `[${text.slice(t.start, t.end)}]` : text.slice(t.start, t.end);
    at = t.end;
  }
  out += end < toks.length ? '…' : text.slice(at);
  return out;
}

/** More distinct query terms first, then more occurrences, then newer. */
export function rankKnowledge(docs: Candidate[], terms: string[], limit: number): SearchHit[] {
  const wanted = new Set(terms);
  const scored = docs
    .map((d, order) => {
      const words = knowledgeTerms(`${d.title} ${d.body}`);
      const hits = words.filter((w) => wanted.has(w));
      return { d, order, distinct: new Set(hits).size, occurrences: hits.length };
    })
    .filter((s) => s.distinct > 0);
  scored.sort((a, b) => b.distinct - a.distinct || b.occurrences - a.occurrences || a.order - b.order);
  return scored.slice(0, limit).map(({ d }) => ({
    messageId: d.ref_id,
    kind: d.kind,
    title: d.title,
    snippet: snippet(d.body, wanted),
    createdAt: d.created_at,
  }));
}
