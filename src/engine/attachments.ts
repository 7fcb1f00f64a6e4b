import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../core/errors.js';
import type { AttachmentRef } from '../core/messages.js';
import { blockedRange, canonicalForAllowList } from './address-guard.js';

export interface AttachmentPolicy {
  maxBytes: number;
  timeoutMs: number;
  /** Hosts, IPs or CIDRs that may be fetched although private or loopback (explicit opt-in). */
  allowHosts: string[];
}

function allowList(policy: AttachmentPolicy): { hosts: Set<string>; nets: BlockList } {
  const hosts = new Set<string>();
  const nets = new BlockList();
  for (const entry of policy.allowHosts) {
    const [addr, bits] = entry.split('/');
    const family = addr ? isIP(addr) : 0;
    if (family && bits) nets.addSubnet(addr!, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
    else if (family) nets.addAddress(addr!, family === 6 ? 'ipv6' : 'ipv4');
    else hosts.add(entry.toLowerCase());
  }
  return { hosts, nets };
}

function refused(field: string, why: string): AppError {
  return new AppError('ATTACHMENT_REFUSED', `${field}: ${why}`, { field, userMessage: `${field}: ${why}` });
}

/**
 * Loopback, private, link-local, multicast, unspecified, CGNAT, benchmarking, documentation and
 * other special ranges, in any IPv4 or IPv6 spelling (see address-guard.ts); an explicit
 * allow-list entry opens exactly what it names.
 */
export function isBlockedAddress(address: string, policy: AttachmentPolicy): boolean {
  if (blockedRange(address) === null) return false;
  if (policy.allowHosts.length === 0) return true;
  const { address: addr, family } = canonicalForAllowList(address);
  try {
    return !allowList(policy).nets.check(addr, family);
  } catch {
    return true;
  }
}

/**
 * The URL and host an attachment fetch would use, or a refusal: http(s) only, no userinfo, and a
 * literal IP address judged here, since node connects to one without calling `lookup`.
 */
function guardUrl(raw: string, field: string, policy: AttachmentPolicy): { url: URL; host: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(field, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(field, 'must be an http(s) URL');
  if (url.username || url.password) throw refused(field, 'must not carry credentials');
  // The WHATWG parser has already turned 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 into
  // 127.0.0.1, and refused zone ids; what is left is a dotted IPv4, a bracketed IPv6 or a name.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isBlockedAddress(host, policy)) throw refused(field, `${host} is a private or local address`);
  return { url, host };
}

/**
 * A DNS lookup that refuses blocked addresses. Used as the socket's own lookup, so the address
 * checked is the address connected to (no DNS-rebinding window between check and connect).
 */
function guardedLookup(policy: AttachmentPolicy, field: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const allowedHost = allowList(policy).hosts.has(hostname.toLowerCase());
      const ok = addresses.filter((a) => allowedHost || !isBlockedAddress(a.address, policy));
      if (ok.length === 0) return callback(refused(field, `${hostname} resolves to a private or local address`), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/** Cheap checks before enqueueing: scheme, literal IPs, and a DNS resolution of the host. */
export async function checkAttachmentUrl(raw: string, field: string, policy: AttachmentPolicy): Promise<void> {
  const { host } = guardUrl(raw, field, policy);
  if (isIP(host)) return;
  await new Promise<void>((resolve, reject) => {
    guardedLookup(policy, field)(host, {}, (err) => (err ? reject(err instanceof AppError ? err : refused(field, `host ${host} could not be resolved`)) : resolve()));
  });
}

export interface FetchedAttachment {
  name: string;
  type: string;
  /** Extracted text, or null when the content is not text-like. */
  text: string | null;
  note: string | null;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-yaml|yaml|javascript|x-ndjson|csv|sql|x-sh|toml)|.*\+(json|xml))/i;
const TEXT_EXT = /\.(txt|md|markdown|csv|tsv|json|ya?ml|xml|html?|log|ini|toml|js|ts|py|go|rs|java|rb|sql|sh)$/i;

function extract(name: string, type: string, body: Buffer): { text: string | null; note: string | null } {
  if (!TEXT_TYPES.test(type) && !TEXT_EXT.test(name)) {
    return { text: null, note: `${name} (${type}) is not a text document; its content was not read` };
  }
  let text = body.toString('utf8');
  if (/html/i.test(type) || /\.html?$/i.test(name)) {
    text = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n\n');
  }
  return { text: text.trim(), note: null };
}

/** Fetches one attachment under the guard: size cap, timeout, no private addresses, ≤ 3 redirects. */
export async function fetchAttachment(ref: AttachmentRef, field: string, policy: AttachmentPolicy, signal?: AbortSignal): Promise<FetchedAttachment> {
  const { type, body } = await fetchGuarded(ref.url, field, policy, signal);
  const mediaType = type ?? ref.type;
  return { name: ref.name, type: mediaType, ...extract(ref.name, mediaType, body) };
}

/**
 * The bytes behind a URL under the same guard (an imported persona file from a platform's
 * attachment URL); `type` is the response's media type.
 */
export function fetchGuarded(
  rawUrl: string,
  field: string,
  policy: AttachmentPolicy,
  signal?: AbortSignal,
  headers?: Record<string, string>,
): Promise<{ type: string | null; body: Buffer }> {
  const attempt = (raw: string, redirects: number): Promise<{ type: string | null; body: Buffer }> =>
    new Promise((resolve, reject) => {
      // Every hop, redirects included (a redirect to http://169.254.169.254/ must not go through).
      let url: URL;
      try {
        ({ url } = guardUrl(raw, field, policy));
      } catch (err) {
        return reject(err);
      }
      const lib = url.protocol === 'https:' ? https : http;
      // Credentials go to the first host only, never along a redirect.
      const sent = redirects === 0 && headers ? { headers } : {};
      const req = lib.get(url, { lookup: guardedLookup(policy, field), timeout: policy.timeoutMs, ...sent, ...(signal ? { signal } : {}) }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          if (redirects >= 3) return reject(refused(field, 'too many redirects'));
          return resolve(attempt(new URL(res.headers.location, url).toString(), redirects + 1));
        }
        if (status !== 200) {
          res.resume();
          return reject(new AppError('ATTACHMENT_REFUSED', `${field}: fetch answered ${status}`, { field, retryable: status >= 500 }));
        }
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > policy.maxBytes) {
          res.destroy();
          return reject(refused(field, `is larger than ${policy.maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            res.destroy();
            reject(refused(field, `is larger than ${policy.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const type = res.headers['content-type']?.split(';')[0]!.trim() || null;
          resolve({ type, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new AppError('TIMEOUT', `${field}: fetch timed out after ${policy.timeoutMs} ms`, { field })));
      req.on('error', (err) => reject(err instanceof AppError ? err : new AppError('ATTACHMENT_REFUSED', `${field}: ${err.message}`, { field, cause: err })));
    });
  return attempt(rawUrl, 0);
}
