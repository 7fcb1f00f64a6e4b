/** The Docker files agree with the README and keep local state out of the image. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The lines of one top-level service block of docker-compose.yml. */
function service(compose: string, name: string): string {
  const lines = compose.split('\n');
  const start = lines.findIndex((l) => l === `  ${name}:`);
  expect(start, `service ${name}`).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && /^ {2}\S|^\S/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('Docker files', () => {
  it('.dockerignore keeps node_modules, data, .git, .env and test output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'data', '.git', '.env', 'dist', 'coverage', '.ci/results.json']) expect(ignored).toContain(entry);
  });

  it('the slack container listens for Slack events on PORT, the port the README names', () => {
    const slack = service(read('docker-compose.yml'), 'slack');
    const port = /PORT: "?(\d+)"?/.exec(slack)?.[1] ?? String(loadConfig({}).PORT);
    const published = /ports: \["(\d+):(\d+)"\]/.exec(slack);
    expect(published?.[2]).toBe(port);
    expect(read('README.md')).toContain(`served on the service's own HTTP\n   port (\`PORT\`, default ${loadConfig({}).PORT})`);
    expect(port).toBe(String(loadConfig({}).PORT));
  });

  it('says which Compose version it needs, in the file and in the README', () => {
    expect(read('docker-compose.yml')).toMatch(/Docker Compose v2\.24 or later/);
    expect(read('README.md')).toMatch(/Docker Compose v2\.24 or later/);
  });

  it('the image runs with NODE_ENV=production, where loadConfig refuses a missing JWT_SECRET', () => {
    expect(read('Dockerfile')).toMatch(/ENV NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/data' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
  });
});
