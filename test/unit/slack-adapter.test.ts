import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { cleanText, mentionsBot, ownerFor, teamOwner, userOwner } from '../../adapters/slack/identity.js';
import { createSlackAdapter, type SlackAdapterDeps } from '../../adapters/slack/index.js';
import { resolveOptions } from '../../adapters/slack/options.js';
import { classify } from '../../adapters/slack/render/api.js';
import { createThreadMemory } from '../../adapters/slack/inbound/threads.js';
import { stableId } from '../../src/core/ids.js';

describe('slack identities', () => {
  it('maps a team to one shared workspace and a DM to the user’s own', () => {
    expect(teamOwner('T1')).toEqual({ customerId: stableId('slack', 'team', 'T1'), userId: stableId('slack', 'team', 'T1') });
    expect(userOwner('T1', 'U1').userId).toBe(stableId('slack', 'user', 'T1', 'U1'));
    expect(ownerFor('T1', 'C1', 'U1')).toEqual(teamOwner('T1'));
    expect(ownerFor('T1', 'D1', 'U1')).toEqual(userOwner('T1', 'U1'));
  });

  it('strips our mention (not others’) and undoes Slack’s escapes', () => {
    expect(cleanText('<@UBOT> what is 1 &lt; 2 &amp;&amp; 3 &gt; 2?', 'UBOT')).toBe('what is 1 < 2 && 3 > 2?');
    expect(cleanText('<@UBOT|twinbridge>, hi <@U2>', 'UBOT')).toBe('hi <@U2>');
    expect(cleanText('  line one\n\nline   two  ', 'UBOT')).toBe('line one\n\nline two');
    expect(mentionsBot('hey <@UBOT> there', 'UBOT')).toBe(true);
    expect(mentionsBot('hey <@UOTHER>', 'UBOT')).toBe(false);
    expect(mentionsBot('hey', undefined)).toBe(false);
  });
});

describe('thread memory', () => {
  it('remembers threads and the twin that last answered, least recently used first out', async () => {
    const threads = createThreadMemory({ max: 2 });
    threads.track('T', 'C', '1');
    expect(await threads.lastTwin('T', 'C', '1')).toBeNull();
    expect(await threads.lastTwin('T', 'C', '2')).toBeUndefined();
    threads.noteTwin('T', 'C', '1', 'ada');
    threads.track('T', 'C', '1');
    expect(await threads.lastTwin('T', 'C', '1')).toBe('ada');
    threads.track('T', 'C', '2');
    threads.track('T', 'C', '3');
    expect(await threads.lastTwin('T', 'C', '1')).toBeUndefined();
    expect(await threads.lastTwin('T', 'C', '3')).toBeNull();
  });
});

describe('slack api error classes', () => {
  const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });
  it('sorts WebClient errors into what the renderer does next', () => {
    expect(classify({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toEqual({ kind: 'ratelimited', error: 'ratelimited', retryAfterMs: 7000 });
    expect(classify(platform('unknown_method')).kind).toBe('unavailable');
    expect(classify(platform('not_allowed')).kind).toBe('unavailable');
    expect(classify(platform('message_not_in_streaming_state')).kind).toBe('stream_closed');
    expect(classify(platform('internal_error')).kind).toBe('transient');
    expect(classify(platform('msg_too_long')).kind).toBe('fatal');
    expect(classify({ code: 'slack_webapi_request_error', message: 'ECONNRESET' }).kind).toBe('transient');
  });
});

describe('slack adapter options', () => {
  const deps = { logger: pino({ level: 'silent' }), metrics: new Registry() } as unknown as SlackAdapterDeps;

  it('needs a bot token, and a signing secret unless in Socket Mode', () => {
    expect(() => resolveOptions({ botToken: '' })).toThrow(/botToken/);
    expect(() => resolveOptions({ botToken: 'xoxb-1' })).toThrow(/signingSecret/);
    expect(resolveOptions({ botToken: 'xoxb-1', appToken: 'xapp-1' }).apiUrl).toBe('https://slack.com/api/');
  });

  it('exposes a request listener in HTTP mode only', () => {
    expect(createSlackAdapter({ botToken: 'xoxb-1', signingSecret: 's' }, deps).requestListener).toBeTypeOf('function');
    expect(createSlackAdapter({ botToken: 'xoxb-1', appToken: 'xapp-1' }, deps).requestListener).toBeNull();
  });
});

describe('slack app manifest', () => {
  const manifest = readFileSync(new URL('../../slack-app-manifest.yml', import.meta.url), 'utf8');
  it('asks for the scopes and events the adapter relies on, all at /slack/events', () => {
    for (const scope of ['app_mentions:read', 'chat:write', 'chat:write.customize', 'commands', 'im:history', 'im:read', 'channels:history', 'assistant:write']) {
      expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, 'm'));
    }
    for (const event of ['app_mention', 'message.im', 'message.channels']) expect(manifest).toMatch(new RegExp(`^\\s+- ${event}$`, 'm'));
    expect(manifest).toMatch(/command: \/twin$/m);
    const urls = manifest.match(/(?:url|request_url): (\S+)/g) ?? [];
    expect(urls).toHaveLength(3);
    for (const u of urls) expect(u).toMatch(/https:\/\/YOUR_HOST\/slack\/events$/);
  });
});
