/**
 * The attachment guard and fetcher, against loopback servers: which addresses are refused, what
 * an allow-list opens (and what it does not), redirects, size cap, timeout, text extraction.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { checkAttachmentUrl, fetchAttachment, isBlockedAddress, type AttachmentPolicy } from '../../src/engine/attachments.js';

const none: AttachmentPolicy = { maxBytes: 1024, timeoutMs: 200, allowHosts: [] };
const loop: AttachmentPolicy = { ...none, allowHosts: ['127.0.0.1'] };

let server: Server;
let inner: Server;
let base: string;
let innerPort: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url!;
    if (path === '/a.txt') return res.writeHead(200, { 'content-type': 'text/plain' }).end('plain text');
    if (path === '/a.json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    if (path === '/notes.md') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('# Notes');
    if (path === '/bin') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2]));
    if (path === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('z'.repeat(2000));
    if (path === '/slow') return void setTimeout(() => res.end('late'), 1000).unref();
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/to-inner') return res.writeHead(301, { location: `http://127.0.0.2:${innerPort}/` }).end();
    if (path === '/to-link-local') return res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-ftp') return res.writeHead(302, { location: 'ftp://127.0.0.1/x' }).end();
    res.writeHead(500).end();
  });
  inner = createServer((_req, res) => res.end('inner secret'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => inner.listen(0, '127.0.0.2', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  innerPort = (inner.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of [server, inner]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const ref = (url: string, name = 'file.txt') => ({ id: '1', name, type: 'text/plain', url });

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe',
  ])('blocks %s', (a) => expect(isBlockedAddress(a, none)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (a) =>
    expect(isBlockedAddress(a, none)).toBe(false),
  );

  it('an allow-list opens exactly what it names (address or CIDR)', () => {
    expect(isBlockedAddress('127.0.0.1', loop)).toBe(false);
    expect(isBlockedAddress('127.0.0.2', loop)).toBe(true);
    const cidr = { ...none, allowHosts: ['10.1.0.0/16'] };
    expect(isBlockedAddress('10.1.2.3', cidr)).toBe(false);
    expect(isBlockedAddress('10.2.0.1', cidr)).toBe(true);
  });
});

describe('checkAttachmentUrl', () => {
  it('refuses bad schemes, credentials and private hosts, naming the field', async () => {
    for (const url of ['ftp://x/y', 'file:///etc/passwd', 'not a url', 'http://u:p@example.com/', 'http://127.0.0.1/', 'http://[::1]/', 'http://localhost/', 'http://0x7f000001/']) {
      const err = await refusal(checkAttachmentUrl(url, 'attachments[2].url', none));
      expect(err.code).toBe('ATTACHMENT_REFUSED');
      expect(err.field).toBe('attachments[2].url');
      expect(err.message.startsWith('attachments[2].url: ')).toBe(true);
      expect(err.status).toBe(400);
    }
  });

  it('accepts an allowed loopback host', async () => {
    await expect(checkAttachmentUrl(`${base}/a.txt`, 'f', loop)).resolves.toBeUndefined();
  });
});

describe('fetchAttachment', () => {
  it('extracts text-like content by type or extension, and notes the rest', async () => {
    expect(await fetchAttachment(ref(`${base}/a.txt`), 'f', loop)).toEqual({ name: 'file.txt', type: 'text/plain', text: 'plain text', note: null });
    expect((await fetchAttachment(ref(`${base}/a.json`, 'a.json'), 'f', loop)).text).toBe('{"a":1}');
    expect((await fetchAttachment(ref(`${base}/notes.md`, 'notes.md'), 'f', loop)).text).toBe('# Notes');
    const bin = await fetchAttachment(ref(`${base}/bin`, 'data.bin'), 'f', loop);
    expect(bin.text).toBeNull();
    expect(bin.note).toMatch(/not a text document/);
  });

  it('refuses when nothing is allowed, even a loopback server that answers', async () => {
    expect((await refusal(fetchAttachment(ref(`${base}/a.txt`), 'f', none))).message).toMatch(/private or local address/);
  });

  it('refuses redirects to private, link-local and non-http targets', async () => {
    for (const path of ['/to-inner', '/to-link-local', '/to-ftp']) {
      const err = await refusal(fetchAttachment(ref(`${base}${path}`), 'attachments[0].url', loop));
      expect(err.code, path).toBe('ATTACHMENT_REFUSED');
      expect(err.field).toBe('attachments[0].url');
    }
  });

  it('stops redirect loops, oversize bodies and slow servers', async () => {
    expect((await refusal(fetchAttachment(ref(`${base}/loop`), 'f', loop))).message).toMatch(/too many redirects/);
    expect((await refusal(fetchAttachment(ref(`${base}/big`), 'f', loop))).message).toMatch(/larger than 1024 bytes/);
    const started = Date.now();
    const slow = await refusal(fetchAttachment(ref(`${base}/slow`), 'f', loop));
    expect(slow.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('gives up when the job is aborted', async () => {
    const controller = new AbortController();
    const p = fetchAttachment(ref(`${base}/slow`), 'f', { ...loop, timeoutMs: 5000 }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(p).rejects.toBeDefined();
  });
});
