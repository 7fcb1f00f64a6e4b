/**
 * Slack's external upload flow, as documented: `files.getUploadURLExternal` (filename, length in
 * bytes) answers an `upload_url` and a `file_id`; the client POSTs the bytes there (raw or as
 * multipart); `files.completeUploadExternal` (files: [{id, title}], channel_id,
 * initial_comment, thread_ts) shares the uploaded files. Unknown or not-yet-uploaded ids are
 * `file_not_found`; a body whose size differs from the declared length is refused at upload.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Args, Result } from './methods.js';
import type { FakeSlackState } from './state.js';

export interface FakeUpload {
  id: string;
  filename: string;
  length: number;
  bytes: Buffer | null;
}

/** A file shared into a conversation by completeUploadExternal. */
export interface FakeSharedFile {
  id: string;
  name: string;
  title: string;
  bytes: Buffer;
  channel: string | null;
  threadTs: string | null;
  initialComment: string | null;
}

const fail = (error: string): Result => ({ ok: false, error });

export const FILE_METHODS = {
  'files.getUploadURLExternal': (args: Args, _ws: unknown, state: FakeSlackState): Result => {
    const filename = typeof args.filename === 'string' ? args.filename : '';
    const length = Number(args.length);
    if (!filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
    const id = `F${state.nextTs().replace('.', '')}`;
    state.uploads.set(id, { id, filename, length, bytes: null });
    return { ok: true, upload_url: `${state.uploadBase}/upload/v1/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (args: Args, _ws: unknown, state: FakeSlackState): Result => {
    let list: unknown = args.files;
    if (typeof list === 'string') {
      try {
        list = JSON.parse(list);
      } catch {
        return fail('invalid_arguments');
      }
    }
    if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
    const entries = list as { id?: unknown; title?: unknown }[];
    const uploads = entries.map((e) => state.uploads.get(String(e.id)));
    if (uploads.some((u) => !u || !u.bytes)) return fail('file_not_found');
    const channel = typeof args.channel_id === 'string' && args.channel_id ? args.channel_id : null;
    const shared = uploads.map((u, n) => {
      const file: FakeSharedFile = {
        id: u!.id,
        name: u!.filename,
        title: typeof entries[n]!.title === 'string' ? String(entries[n]!.title) : u!.filename,
        bytes: u!.bytes!,
        channel,
        threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : null,
        initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : null,
      };
      state.uploads.delete(u!.id);
      state.files.push(file);
      return file;
    });
    return { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title, name: f.name, size: f.bytes.length })) };
  },
};

/** POST <upload_url>: the bytes, raw or as the `file` part of a multipart form. */
export async function handleUpload(id: string, req: IncomingMessage, res: ServerResponse, state: FakeSlackState): Promise<void> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  let body = Buffer.concat(parts);
  const type = String(req.headers['content-type'] ?? '');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (type.startsWith('multipart/form-data') && boundary) {
    const sep = `--${boundary[1] ?? boundary[2]}`;
    const start = body.indexOf('\r\n\r\n', body.indexOf(sep)) + 4;
    const end = body.indexOf(`\r\n${sep}`, start);
    body = body.subarray(start, end);
  }
  const upload = state.uploads.get(id);
  if (!upload) return void res.writeHead(404).end('not found');
  if (body.length !== upload.length) return void res.writeHead(400).end(`length mismatch: declared ${upload.length}, got ${body.length}`);
  upload.bytes = body;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
  state.changed();
}

/** A file a person shared (Slack hosts it; `url_private_download` needs the bot token). */
export interface FakeHostedFile {
  id: string;
  name: string;
  mimetype: string;
  bytes: Buffer;
  downloads: number;
}

/** The file object of a `file_share` message event, as Slack sends it. */
export function fileObject(state: FakeSlackState, f: FakeHostedFile, user: string): Record<string, unknown> {
  const url = `${state.uploadBase}/files-pri/${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id,
    created: Math.floor(Date.now() / 1000),
    timestamp: Math.floor(Date.now() / 1000),
    name: f.name,
    title: f.name,
    mimetype: f.mimetype,
    filetype: f.name.split('.').pop() ?? 'binary',
    user,
    size: f.bytes.length,
    mode: 'hosted',
    is_external: false,
    is_public: false,
    url_private: url,
    url_private_download: `${url}?download=1`,
    permalink: `https://fake.slack.com/files/${user}/${f.id}/${encodeURIComponent(f.name)}`,
  };
}

/**
 * GET url_private(_download): the bytes for `Authorization: Bearer <bot token>`; without it
 * Slack answers its sign-in page (HTML), never the file.
 */
export function handleDownload(id: string, req: IncomingMessage, res: ServerResponse, state: FakeSlackState, token: string): void {
  const file = state.hosted.get(id);
  if (!file) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>not found</html>');
  if (String(req.headers.authorization ?? '') !== `Bearer ${token}`) {
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
  }
  file.downloads += 1;
  res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.bytes.length }).end(file.bytes);
}
