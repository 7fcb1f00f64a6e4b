/** Shared helpers of the twin-service integration tests. */
import type { TestApp } from '../support/harness.js';

export const MILLENNIALS = [
  { id: '3f006fa0-7185-47e6-aede-8ade78a347b6', name: 'Ben Tremblay' },
  { id: '4e1d3dba-ada4-4b01-9182-7652b3e9b577', name: 'Camila Souza' },
  { id: '550e8400-e29b-41d4-a716-446655440000', name: 'Jens Bauer' },
  { id: 'c5cfbab4-f45a-4f67-8c9c-a0a32655172b', name: 'Priyanka Desai' },
  { id: 'a21d459b-7867-4310-b984-eab5709f511d', name: 'Tom Gallagher' },
] as const;
export const GEN_Z_AISHA = '87a43938-9efb-49ad-a9c3-ee8a5d6731e5';
export const JENS = MILLENNIALS[2].id;

export const CUSTOMER = 'cust-acme';
export const LIMITS = { RATE_LIMIT_CHAT_PER_USER_PER_MIN: '10000', RATE_LIMIT_WORKSPACE_PER_MIN: '10000', RATE_LIMIT_CHAT_PER_IP_PER_MIN: '10000' };

export interface Res {
  status: number;
  body: unknown;
  headers: Headers;
}

export function client(app: TestApp, token: string) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Leave non-JSON bodies as text for the assertion to show.
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

/** The error envelope's `error`, asserting the shape on the way. */
export function errorOf(res: Res): { code: string; message: string; field?: string } {
  const body = res.body as { success?: unknown; error?: { code: string; message: string; field?: string } };
  if (body.success !== false || !body.error) throw new Error(`not an error envelope: ${JSON.stringify(res.body)}`);
  return body.error;
}

export const ask = (content: string) => ({ messages: [{ role: 'user', content }] });

export const RATING_SCHEMA = {
  type: 'json_schema',
  json_schema: {
    name: 'enthusiasm_rating',
    schema: {
      type: 'object',
      properties: {
        rating: { type: 'number', minimum: 1, maximum: 10 },
        explanation: { type: 'string' },
      },
      required: ['rating', 'explanation'],
      additionalProperties: false,
    },
  },
} as const;

export function samplingAnswer(probabilities: number[]) {
  return {
    responses: probabilities.map((probability, i) => ({ answer: `option ${i + 1}`, reason: `because ${i + 1}`, probability })),
  };
}
