/**
 * Attachments and images through the chat API: the URL guard (http(s) only; private, loopback
 * and link-local addresses refused unless ATTACHMENT_ALLOW_HOSTS opts in), the size cap and the
 * timeout of the fetch, text reaching the model; images validated and sent as image blocks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatJobSchema, type InboundMessage } from '../../src/core/messages.js';
import { redisKeys } from '../../src/infra/keys.js';
import type { TestApp } from '../support/harness.js';
import { chat, client, jobCount, startChatApp, type Client } from './chat-support.js';

let app: TestApp;
let strict: TestApp;
let docs: Server;
let internal: Server;
let base: string;
let internalPort: number;
const requested: string[] = [];

const MAX = 2048;
// A 1x1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  docs = createServer((req, res) => {
    requested.push(req.url!);
    const path = req.url!.split('?')[0];
    switch (path) {
      case '/doc.txt':
        return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('The secret ingredient is cardamom.');
      case '/page.html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><script>evil()</script><body><h1>Menu</h1><p>Soup &amp; bread</p></body></html>');
      case '/big.txt':
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(MAX * 3));
      case '/big-chunked.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 6; i++) res.write('y'.repeat(1000));
        return res.end();
      case '/slow.txt':
        return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('too late'), 2000).unref();
      case '/photo.png':
        return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(PNG, 'base64'));
      case '/redirect-ok':
        return res.writeHead(302, { location: '/doc.txt' }).end();
      case '/redirect-private':
        return res.writeHead(302, { location: `http://127.0.0.2:${internalPort}/metadata` }).end();
      case '/missing':
        return res.writeHead(404).end();
      default:
        return res.writeHead(404).end();
    }
  });
  // Stands for an internal service: nothing an attachment may ever reach.
  internal = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('INTERNAL-METADATA-TOKEN'));
  const port = await listen(docs, '127.0.0.1');
  internalPort = await listen(internal, '127.0.0.2');
  base = `http://127.0.0.1:${port}`;
  [app, strict] = await Promise.all([
    startChatApp({
      env: { ATTACHMENT_ALLOW_HOSTS: '127.0.0.1', ATTACHMENT_MAX_BYTES: String(MAX), ATTACHMENT_TIMEOUT_MS: '300', IMAGE_MAX_BYTES: '1024' },
    }),
    startChatApp(),
  ]);
});
afterAll(async () => {
  await Promise.all([app?.close(), strict?.close()]);
  for (const s of [docs, internal]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
});
beforeEach(() => {
  app.anthropic!.reset();
  strict.anthropic!.reset();
  requested.length = 0;
});

const att = (url: string, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), name: url.split('/').pop()!.split('?')[0], type: 'text/plain', url, ...extra });

/** The text blocks of the user turn the model got last. */
function lastUserBlocks(a: TestApp): Array<Record<string, unknown>> {
  const content = a.anthropic!.lastRequest()!.body.messages.at(-1)!.content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

describe('attachments', () => {
  let c: Client;
  beforeAll(async () => {
    c = await client(app, `u-${randomUUID()}`);
  });

  it('an allowed loopback document reaches the model as text, and is echoed in the response', async () => {
    const a = att(`${base}/doc.txt`, { size: 34 });
    const res = await chat(c, { message: 'What is in the file?', attachments: [a] });
    expect(res.status).toBe(200);
    expect(res.body.attachments).toEqual([{ id: a.id, name: 'doc.txt', type: 'text/plain', size: 34 }]);
    const blocks = lastUserBlocks(app);
    expect(blocks[0]).toMatchObject({ type: 'text', text: '[User] What is in the file?' });
    expect(blocks[1]).toEqual({ type: 'text', text: '<attachment name="doc.txt" type="text/plain">\nThe secret ingredient is cardamom.\n</attachment>' });

    // Its text is searchable later in the channel.
    app.anthropic!.enqueue({ toolUses: [{ name: 'knowledge_search', input: { query: 'ingredient' } }] }, { text: 'cardamom' });
    await chat(c, { message: 'remind me' });
    expect(JSON.stringify(app.anthropic!.lastRequest()!.body.messages.at(-1))).toContain('cardamom');
  });

  it('extracts HTML text, follows a same-host redirect, and notes a non-text file without reading it', async () => {
    await chat(c, { message: 'read these', attachments: [att(`${base}/page.html`), att(`${base}/redirect-ok`), att(`${base}/photo.png`)] });
    const texts = lastUserBlocks(app).map((b) => String(b['text']));
    expect(texts[1]).toContain('Menu');
    expect(texts[1]).toContain('Soup & bread');
    expect(texts[1]).not.toContain('evil');
    expect(texts[2]).toContain('cardamom');
    expect(texts[3]).toMatch(/^\(attachment: photo\.png \(image\/png\) is not a text document/);
  });

  it('caps the size: a declared size is refused up front; a larger body is not read', async () => {
    const before = await jobCount(app);
    const declared = await chat(c, { message: 'x', attachments: [att(`${base}/doc.txt`, { size: MAX + 1 })] });
    expect(declared.status).toBe(400);
    expect(declared.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'attachments[0].size' });
    expect(await jobCount(app)).toBe(before);

    const res = await chat(c, { message: 'summarize', attachments: [att(`${base}/big.txt`), att(`${base}/big-chunked.txt`)] });
    expect(res.status).toBe(200);
    const texts = lastUserBlocks(app).map((b) => String(b['text']));
    expect(texts[1]).toBe(`(attachment: big.txt could not be read (attachments[0].url: is larger than ${MAX} bytes))`);
    expect(texts[2]).toBe(`(attachment: big-chunked.txt could not be read (attachments[1].url: is larger than ${MAX} bytes))`);
    expect(texts.join('')).not.toMatch(/xxxx|yyyy/);
  });

  it('times out a slow server and answers anyway', async () => {
    const started = Date.now();
    const res = await chat(c, { message: 'slow one', attachments: [att(`${base}/slow.txt`)] });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(String(lastUserBlocks(app)[1]!['text'])).toMatch(/slow\.txt could not be read \(attachments\[0\]\.url: fetch timed out after 300 ms\)/);
  });

  it('a failing fetch is noted, not fatal', async () => {
    await chat(c, { message: 'gone', attachments: [att(`${base}/missing`)] });
    expect(String(lastUserBlocks(app)[1]!['text'])).toMatch(/could not be read \(attachments\[0\]\.url: fetch answered 404\)/);
  });

  it('a redirect to a private address is refused at fetch time', async () => {
    const res = await chat(c, { message: 'follow it', attachments: [att(`${base}/redirect-private`)] });
    expect(res.status).toBe(200);
    const sent = JSON.stringify(app.anthropic!.lastRequest()!.body);
    expect(sent).not.toContain('INTERNAL-METADATA-TOKEN');
    expect(String(lastUserBlocks(app)[1]!['text'])).toMatch(/could not be read \(attachments\[0\]\.url: .*private or local address/);
  });

  it('allowing 127.0.0.1 does not allow the rest of loopback: the index of the bad one is named', async () => {
    const res = await chat(c, { message: 'x', attachments: [att(`${base}/doc.txt`), att(`http://127.0.0.2:${internalPort}/metadata`)] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ATTACHMENT_REFUSED', field: 'attachments[1].url' });
    expect(requested).toEqual([]);
  });
});

describe('the attachment URL guard (nothing allowed)', () => {
  it('refuses non-http(s), private, loopback and link-local URLs with a 400 naming the field; nothing enqueued', async () => {
    const c = await client(strict, `u-${randomUUID()}`);
    const before = await jobCount(strict);
    const port = new URL(base).port;
    const urls = [
      `${base}/doc.txt`,
      `http://localhost:${port}/doc.txt`,
      `http://[::1]:${port}/doc.txt`,
      `http://[::ffff:127.0.0.1]:${port}/doc.txt`,
      'http://0.0.0.0/',
      'http://10.1.2.3/file.txt',
      'http://172.16.0.1/file.txt',
      'http://192.168.1.10/file.txt',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/x',
      'http://[fd00::1]/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'https://user:pass@127.0.0.1/x',
      'ftp://example.com/file.txt',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ];
    for (const url of urls) {
      const res = await chat(c, { message: 'read this', attachments: [att(url, { name: 'file.txt' })] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.field, url).toBe('attachments[0].url');
      expect(res.body.error.message, url).toContain('attachments[0].url');
    }
    expect(requested).toEqual([]);
    expect(await jobCount(strict)).toBe(before);
    expect(strict.anthropic!.stats.received).toBe(0);
  });
});

describe('images', () => {
  let c: Client;
  beforeAll(async () => {
    c = await client(app, `u-${randomUUID()}`);
  });

  it('refuses a bad media type, bad base64 and an oversize image with a 400 naming the field', async () => {
    const before = await jobCount(app);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ filename: 'a.bmp', mediaType: 'image/bmp', base64: PNG }, 'images[0].mediaType'],
      [{ filename: 'a.png', mediaType: 'image/png', base64: 'not base64 at all!' }, 'images[0].base64'],
      [{ filename: 'a.png', mediaType: 'image/png', base64: 'A'.repeat(2000) }, 'images[0].base64'],
      [{ mediaType: 'image/png', base64: PNG }, 'images[0].filename'],
    ];
    for (const [img, field] of cases) {
      const res = await chat(c, { message: 'look', images: [img] });
      expect(res.status, field).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    }
    const second = await chat(c, { message: 'look', images: [{ filename: 'ok.png', mediaType: 'image/png', base64: PNG }, { filename: 'b.gif', mediaType: 'image/tiff', base64: PNG }] });
    expect(second.body.error.field).toBe('images[1].mediaType');
    expect(await jobCount(app)).toBe(before);
  });

  it('a good image reaches the model as an image block; its job carries only a reference to it', async () => {
    const text = `What is in this picture? ${randomUUID()}`;
    const res = await chat(c, { message: text, images: [{ filename: 'dot.png', mediaType: 'image/png', base64: PNG }] });
    expect(res.status).toBe(200);
    const blocks = lastUserBlocks(app);
    expect(blocks[0]).toMatchObject({ type: 'text', text: `[User] ${text}` });
    expect(blocks[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } });

    const job = (await app.core.queue.queue.getJobs(['completed'])).find((j) => j.data?.inbound?.text === text)!;
    const bytes = Buffer.from(PNG, 'base64');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(ChatJobSchema.parse(job.data).inbound.images).toEqual([{ ref: sha, mediaType: 'image/png', size: bytes.length }]);
    const stored = JSON.stringify(job.data);
    expect(stored).not.toContain(PNG);
    expect(stored).not.toContain(PNG.slice(0, 24));
    // The bytes are a blob of their own, expiring on their own.
    const key = redisKeys(app.config.REDIS_PREFIX, app.core.redis).imageBlob(sha);
    expect(await app.core.redis.getBuffer(key)).toEqual(bytes);
    const ttl = await app.core.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(app.config.IMAGE_TTL_SECONDS);
  });

  it('an image whose blob expired before its job ran fails that job for good with IMAGE_EXPIRED', async () => {
    const base64 = randomBytes(64).toString('base64');
    const sha = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
    const channel = await app.core.store.channels.ensure({ platform: 'api', externalId: `expired-${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' });
    const inbound: InboundMessage = {
      platform: 'api',
      messageId: randomUUID(),
      channel: { id: channel.id, externalId: channel.externalId, threadId: null },
      owner: { customerId: 'c1', userId: 'u1' },
      author: { id: 'u1', name: 'Ana' },
      text: 'look at this later',
      personality: null,
      attachments: [],
      images: [{ filename: 'late.png', mediaType: 'image/png', base64 }],
      context: null,
      options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: null },
      receivedAt: new Date().toISOString(),
    };
    await app.stopWorker();
    let jobId: string;
    try {
      ({ jobId } = await app.core.chat.submit(inbound, randomUUID()));
      expect(await app.core.redis.del(redisKeys(app.config.REDIS_PREFIX, app.core.redis).imageBlob(sha))).toBe(1);
    } finally {
      await app.startWorker();
    }
    await expect(app.core.chat.awaitDone(jobId, { timeoutMs: 30_000 })).rejects.toMatchObject({ code: 'IMAGE_EXPIRED', status: 410 });
    const job = (await app.core.queue.queue.getJob(jobId))!;
    expect(await job.getState()).toBe('failed');
    // Not retried: there is nothing a retry could find.
    expect(job.attemptsMade).toBe(1);
    expect(app.anthropic!.stats.received).toBe(0);
  });
});
