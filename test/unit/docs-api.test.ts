/** docs/api: every contract ships, with examples for this service (its host, its twins, its default personality). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { loadConfig } from '../../src/config.js';

const CONTRACTS = ['twin-workspace', 'chat', 'twin-service', 'twins', 'roundtables'];
const read = (name: string) => readFileSync(new URL(`../../docs/api/${name}.md`, import.meta.url), 'utf8');

describe('docs/api', () => {
  it.each(CONTRACTS)('%s.md speaks of this service, not the upstream product', (name) => {
    const text = read(name);
    expect(text).not.toMatch(/lvng/i);
    expect(text).not.toMatch(/https:\/\/HOST|YOUR_JWT_TOKEN/);
    expect(text).not.toMatch(/sourced from the Mind Reasoner integration|fetched from the Mind Reasoner integration/);
    for (const url of text.matchAll(/curl [^\n]*?(https?:\/\/[^/\s"']+)/g)) expect(url[1]).toBe('http://localhost:3000');
  });

  it('shows twins as the catalog has them, and the default personality', () => {
    const byId = new Map(BUNDLED_TWINS.map((t) => [t.id, t]));
    const workspace = read('twin-workspace');
    for (const m of workspace.matchAll(/"(?:id|twin_id)": "([0-9a-f-]{36})",(?:\n\s*"[a-z_]+": "[^"]*",)*?\n\s*"name": "([^"]+)",\n\s*"description": "([^"]*)"/g)) {
      const twin = byId.get(m[1]!);
      if (!twin) continue;
      expect(m[2]).toBe(twin.name);
      expect(m[3]).toBe(twin.description);
    }
    expect(workspace).not.toContain('Digital twin personality');
    expect(read('chat')).toContain(`"personality": "${loadConfig({}).DEFAULT_PERSONALITY}"`);
  });
});
