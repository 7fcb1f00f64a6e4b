/** JWTs built by hand, so no JWT library can refuse to make the malformed ones a test needs. */
import { createHmac } from 'node:crypto';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** `header.payload.signature`, HS256-signed with `secret`. */
export function handmadeToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
