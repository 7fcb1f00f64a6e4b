/**
 * The attachment guard against every spelling of a private address that reaches a URL: decimal,
 * octal, hex and short IPv4 forms, IPv6 forms that carry an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4, Teredo), zone ids, trailing dots, userinfo tricks, case and brackets.
 * Each must be refused before DNS (checkAttachmentUrl), and again on a redirect (fetchAttachment).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { blockedRange } from '../../src/engine/address-guard.js';
import { checkAttachmentUrl, fetchAttachment, isBlockedAddress, type AttachmentPolicy } from '../../src/engine/attachments.js';

const none: AttachmentPolicy = { maxBytes: 1024, timeoutMs: 500, allowHosts: [] };

/** [url, what it really is] — every one must be refused. */
const HOSTILE: [string, string][] = [
  ['http://127.0.0.1/', 'loopback'],
  ['http://2130706433/', 'loopback, decimal'],
  ['http://0x7f000001/', 'loopback, hex'],
  ['http://0X7F.0.0.1/', 'loopback, hex octet, uppercase'],
  ['http://0177.0.0.1/', 'loopback, octal'],
  ['http://0177.0000.0000.0001/', 'loopback, padded octal'],
  ['http://127.1/', 'loopback, short form'],
  ['http://127.0.1/', 'loopback, three parts'],
  ['http://0x7f.1/', 'loopback, hex short form'],
  ['http://127.0.0.1./', 'loopback, trailing dot'],
  ['http://127.000.000.001/', 'loopback, zero-padded decimal'],
  ['http://0/', 'unspecified, single zero'],
  ['http://0.0.0.0/', 'unspecified'],
  ['http://10.0.0.1/', 'private'],
  ['http://012.0.0.1/', 'private, octal'],
  ['http://167772161/', 'private, decimal'],
  ['http://172.16.0.1/', 'private 172.16/12'],
  ['http://192.168.1.1/', 'private 192.168/16'],
  ['http://0xc0a80101/', 'private, hex'],
  ['http://169.254.169.254/', 'link-local (cloud metadata)'],
  ['http://2852039166/', 'link-local, decimal'],
  ['http://100.64.0.1/', 'CGNAT'],
  ['http://198.18.0.1/', 'benchmarking'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://255.255.255.255/', 'broadcast'],
  ['http://[::1]/', 'IPv6 loopback'],
  ['http://[0:0:0:0:0:0:0:1]/', 'IPv6 loopback, long form'],
  ['http://[::]/', 'IPv6 unspecified'],
  ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
  ['http://[::FFFF:7F00:1]/', 'IPv4-mapped loopback, hex, uppercase'],
  ['http://[0:0:0:0:0:ffff:169.254.169.254]/', 'IPv4-mapped link-local, long form'],
  ['http://[::127.0.0.1]/', 'IPv4-compatible loopback'],
  ['http://[::7f00:1]/', 'IPv4-compatible loopback, hex'],
  ['http://[::10.0.0.1]/', 'IPv4-compatible private'],
  ['http://[::ffff:0:127.0.0.1]/', 'IPv4-translated loopback (RFC 6145)'],
  ['http://[64:ff9b::127.0.0.1]/', 'NAT64 loopback'],
  ['http://[64:ff9b::a9fe:a9fe]/', 'NAT64 link-local'],
  ['http://[64:ff9b:1::1]/', 'local-use NAT64 (RFC 8215)'],
  ['http://[2002:7f00:1::]/', '6to4 of loopback'],
  ['http://[2002:a9fe:a9fe::1]/', '6to4 of link-local'],
  ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'Teredo whose client is 127.0.0.1'],
  ['http://[2001:0:a9fe:a9fe::1]/', 'Teredo whose server is link-local'],
  ['http://[fe80::1]/', 'IPv6 link-local'],
  ['http://[FE80::1]/', 'IPv6 link-local, uppercase'],
  ['http://[fe80::1%25eth0]/', 'IPv6 link-local with a zone id'],
  ['http://[fc00::1]/', 'IPv6 unique local'],
  ['http://[fd00:ec2::254]/', 'IPv6 unique local (cloud metadata)'],
  ['http://[ff02::1]/', 'IPv6 multicast'],
  ['http://[2001:db8::1]/', 'IPv6 documentation'],
  ['http://[2001:2::1]/', 'IPv6 benchmarking'],
  ['http://user@127.0.0.1/', 'userinfo'],
  ['http://example.com@127.0.0.1/', 'userinfo that looks like a host'],
  ['http://127.0.0.1:80@example.com/', 'credentials with a port-like password'],
  ['http://127.0.0.1#@example.com/', 'fragment that looks like userinfo'],
  ['http://127.0.0.1\\@example.com/', 'backslash before userinfo'],
  ['http://127.0.0.1:8080/', 'loopback with a port'],
  ['HTTP://127.0.0.1/', 'uppercase scheme'],
  ['http://localhost/', 'localhost (refused after DNS)'],
  ['http://LOCALHOST./', 'localhost, uppercase with trailing dot (after DNS)'],
  ['gopher://127.0.0.1/', 'other scheme'],
  ['file:///etc/passwd', 'file scheme'],
];

/** Public addresses in the same spellings must still go through the address check. */
const PUBLIC = ['8.8.8.8', '1.1.1.1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2606:4700::1111', '2001:0:808:808::f7f7:f7f7'];

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('SSRF guard: every encoding of a private address is refused before DNS', () => {
  it(`has at least 40 encodings (${HOSTILE.length})`, () => expect(HOSTILE.length).toBeGreaterThanOrEqual(40));

  it.each(HOSTILE)('refuses %s (%s)', async (url) => {
    const err = await refusal(checkAttachmentUrl(url, 'attachments[0].url', none));
    expect(err.code).toBe('ATTACHMENT_REFUSED');
    expect(err.field).toBe('attachments[0].url');
  });

  it.each(PUBLIC)('judges %s as public', (a) => {
    expect(blockedRange(a)).toBeNull();
    expect(isBlockedAddress(a, none)).toBe(false);
  });

  it('an allow-listed address opens in its IPv4-mapped spelling too, and nothing else', () => {
    const policy = { ...none, allowHosts: ['127.0.0.1'] };
    expect(isBlockedAddress('::ffff:127.0.0.1', policy)).toBe(false);
    expect(isBlockedAddress('127.0.0.2', policy)).toBe(true);
    expect(isBlockedAddress('::127.0.0.2', policy)).toBe(true);
  });
});

describe('SSRF guard on every redirect', () => {
  let server: Server;
  let base: string;
  const targets = [
    // 127.0.0.2, which the allow-list does not open, in the spellings above.
    'http://[::ffff:127.0.0.2]:PORT/secret',
    'http://[::127.0.0.2]:PORT/secret',
    'http://[64:ff9b::7f00:2]:PORT/secret',
    'http://2130706434:PORT/secret',
    'http://127.2:PORT/secret',
    'http://user@127.0.0.1:PORT/secret',
    'http://[2002:7f00:2::]:PORT/secret',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  ];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const port = (server.address() as AddressInfo).port;
      const i = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      if (i >= 0) return res.writeHead(302, { location: targets[i]!.replace('PORT', String(port)) }).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('secret');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it.each(targets.map((t, i) => [t, i] as const))('refuses a redirect to %s', async (_t, i) => {
    // The first hop (127.0.0.1) is allowed by name; where it redirects is not.
    const policy = { ...none, allowHosts: ['127.0.0.1/32'] };
    const err = await refusal(fetchAttachment({ id: '1', name: 'a.txt', type: 'text/plain', url: `${base}/hop/${i}` }, 'f', policy));
    expect(err.code).toBe('ATTACHMENT_REFUSED');
  });
});
