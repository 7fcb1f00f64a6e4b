/**
 * The Docker files agree with the README and the config, and keep local state out of the image.
 * docker-compose.yml is read with a YAML parser (merge keys on, as Compose reads them); the
 * `scale` profile's nginx config is read for its upstream and streaming settings. When a
 * Docker Compose client is installed, `docker compose config` must accept the file too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ipaddr from 'ipaddr.js';
import { parse } from 'yaml';
import { CONFIG_DEFAULTS, ConfigSchema, loadConfig } from '../../src/config.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };

function service(name: string): Service {
  const s = compose.services[name];
  expect(s, `service ${name}`).toBeDefined();
  return s!;
}

/** `${VAR:-default}` as Compose substitutes it when VAR is unset. */
const interpolate = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const envOf = (name: string) => Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

const SCALE_API = ['api-1', 'api-2'];
const SCALE_WORKERS = ['worker-1', 'worker-2'];
const SCALE_APPS = [...SCALE_API, ...SCALE_WORKERS];
const PORT = String(CONFIG_DEFAULTS.PORT);

/** The nginx config the proxy service mounts, and the directives of its blocks. */
function proxyConfig(): string {
  const mount = service('proxy').volumes?.find((v) => v.includes('/etc/nginx/conf.d/'));
  expect(mount, 'the proxy mounts a config into conf.d').toBeDefined();
  const file = mount!.split(':')[0]!.replace(/^\.\//, '');
  expect(existsSync(new URL(file, ROOT)), `${file} is in the repository`).toBe(true);
  return read(file).replace(/#.*$/gm, '');
}
const block = (conf: string, head: string) => new RegExp(`${head}\\s*\\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
const directive = (text: string, name: string) => [...text.matchAll(new RegExp(`^\\s*${name}\\s+([^;]+);`, 'gm'))].map((m) => m[1]!.trim());

describe('Docker files', () => {
  it('.dockerignore keeps node_modules, data, .git, .env and test output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'data', '.git', '.env', 'dist', 'coverage', '.ci/results.json']) expect(ignored).toContain(entry);
  });

  it('the slack container listens for Slack events on PORT, the port the README names', () => {
    const slack = service('slack');
    const port = slack.environment?.['PORT'] ?? PORT;
    expect(slack.ports?.[0]?.split(':')[1]).toBe(port);
    expect(read('README.md')).toContain(`served on the service's own HTTP\n   port (\`PORT\`, default ${CONFIG_DEFAULTS.PORT})`);
    expect(port).toBe(PORT);
  });

  it('says which Compose version it needs, in the file and in the README', () => {
    expect(read('docker-compose.yml')).toMatch(/Docker Compose v2\.24 or later/);
    expect(read('README.md')).toMatch(/Docker Compose v2\.24 or later/);
  });

  it('the image runs with NODE_ENV=production, where loadConfig refuses a missing JWT_SECRET', () => {
    expect(read('Dockerfile')).toMatch(/ENV NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/data' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
  });

  it('a worker-only container, which serves no HTTP, does not inherit the image’s /healthz check', () => {
    expect(read('Dockerfile')).toMatch(/HEALTHCHECK .*\/healthz/);
    for (const name of ['worker', ...SCALE_WORKERS]) {
      expect(envOf(name)['ROLES'], name).toBe('worker');
      expect(service(name).healthcheck?.disable, name).toBe(true);
    }
  });
});

describe('docker-compose.yml, profile scale', () => {
  it('runs PostgreSQL, two api replicas behind a proxy and two workers, on the always-on Redis', () => {
    const scale = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale')).map(([name]) => name);
    expect(scale.sort()).toEqual(['postgres', 'proxy', ...SCALE_APPS].sort());
    expect(service('redis').profiles).toBeUndefined();
    expect(service('postgres').image).toMatch(/^postgres:\d+/);
    for (const name of SCALE_APPS) expect(service(name).image, name).toBe(service('api').image);
    // ROLES as main.ts reads it: what loadConfig makes of each container's environment.
    const roles = (name: string) => loadConfig({ ...envOf(name), NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).ROLES;
    for (const name of SCALE_API) expect(roles(name), name).toEqual(['api']);
    for (const name of SCALE_WORKERS) expect(roles(name), name).toEqual(['worker']);
  });

  it('points every process at the postgres and redis services with variables the config reads', () => {
    const pg = envOf('postgres');
    for (const name of SCALE_APPS) {
      const env = envOf(name);
      expect(Object.keys(env).filter((k) => !(k in ConfigSchema.shape)), `${name}: unknown variables`).toEqual([]);
      const db = new URL(env['DATABASE_URL']!);
      expect([db.protocol, db.hostname, db.port || '5432', db.username, db.password, db.pathname], name).toEqual([
        'postgres:', 'postgres', '5432', pg['POSTGRES_USER'], pg['POSTGRES_PASSWORD'], `/${pg['POSTGRES_DB']}`,
      ]);
      expect(new URL(env['REDIS_URL']!).hostname, name).toBe('redis');
      expect(env['REDIS_AUTOSTART'], name).toBe('false');
      // The one-host worker (SQLite) on the same Redis must never take this stack's jobs.
      expect(env['REDIS_PREFIX'], name).toBeDefined();
      expect(env['REDIS_PREFIX'], name).not.toBe(envOf('worker')['REDIS_PREFIX'] ?? CONFIG_DEFAULTS.REDIS_PREFIX);
      // Nothing shared on disk: the state is in PostgreSQL and Redis.
      expect(service(name).volumes ?? [], name).toEqual([]);
    }
    // The password is the same substitution on both sides, so setting POSTGRES_PASSWORD changes both.
    const raw = (name: string, key: string) => String(service(name).environment?.[key]);
    expect(raw('api-1', 'DATABASE_URL')).toContain(`:${raw('postgres', 'POSTGRES_PASSWORD')}@`);
  });

  it('starts in order of health: PostgreSQL and Redis, then the api replicas (/readyz), then the proxy', () => {
    expect(service('postgres').healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    expect(service('redis').healthcheck?.test).toEqual(expect.arrayContaining(['redis-cli', 'ping']));
    for (const name of SCALE_APPS) {
      expect(service(name).depends_on, name).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    for (const name of SCALE_API) expect(service(name).healthcheck?.test?.join(' '), name).toContain(`http://127.0.0.1:${PORT}/readyz`);
    expect(service('proxy').depends_on).toEqual(Object.fromEntries(SCALE_API.map((n) => [n, { condition: 'service_healthy' }])));
    expect(service('proxy').healthcheck?.test?.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:(\d+)\/healthz/);
  });

  it('the proxy routes to both api replicas and passes SSE and WebSocket through unbuffered', () => {
    const conf = proxyConfig();
    const passTo = directive(block(conf, 'location /'), 'proxy_pass');
    expect(passTo).toHaveLength(1);
    const upstream = /^http:\/\/([\w-]+)$/.exec(passTo[0]!)?.[1];
    const servers = directive(block(conf, `upstream ${upstream}`), 'server').map((s) => s.split(/\s+/)[0]);
    expect(servers).toEqual(SCALE_API.map((name) => `${name}:${PORT}`));

    const location = block(conf, 'location /');
    const one = (name: string) => directive(location, name);
    expect(one('proxy_buffering')).toEqual(['off']);
    expect(one('proxy_http_version')).toEqual(['1.1']);
    expect(one('proxy_set_header')).toEqual(expect.arrayContaining(['Upgrade $http_upgrade', 'Connection $connection_upgrade']));
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default\s+upgrade;/);
    // The client address: what nginx saw, never what the client wrote, believed by the replicas
    // when it comes from the compose network (a Docker bridge address is in a private range).
    expect(one('proxy_set_header').filter((h) => /^X-Forwarded-For\s/i.test(h))).toEqual(['X-Forwarded-For $remote_addr']);
    for (const name of SCALE_API) {
      const trusted = loadConfig(envOf(name)).TRUST_PROXY;
      const bridge = ipaddr.parse('172.18.0.5');
      expect(trusted.some((t) => (t.includes('/') ? bridge.match(ipaddr.parseCIDR(t)) : t === 'uniquelocal' && bridge.range() === 'private')), name).toBe(true);
    }
    // A stream may stay open as long as SSE_MAX_LIFETIME_MS; nginx must not cut it first.
    const seconds = (v: string) => Number(/^(\d+)s$/.exec(v)?.[1]);
    expect(seconds(one('proxy_read_timeout')[0]!)).toBeGreaterThanOrEqual(CONFIG_DEFAULTS.SSE_MAX_LIFETIME_MS / 1000);
    expect(seconds(one('proxy_send_timeout')[0]!)).toBeGreaterThanOrEqual(CONFIG_DEFAULTS.SSE_MAX_LIFETIME_MS / 1000);
    // The service, not nginx, refuses an oversized body (with its own envelope).
    const mb = Number(/^(\d+)m$/.exec(directive(block(conf, 'server'), 'client_max_body_size')[0] ?? '')?.[1]);
    expect(mb * 1024 * 1024).toBeGreaterThan(CONFIG_DEFAULTS.BODY_LIMIT_BYTES);

    // The port nginx listens on is the one published and the one its health check asks.
    const listen = directive(block(conf, 'server'), 'listen')[0];
    expect(service('proxy').ports).toEqual([`${listen}:${listen}`]);
    expect(service('proxy').healthcheck?.test?.join(' ')).toContain(`127.0.0.1:${listen}/healthz`);
    expect(read('README.md')).toContain(`localhost:${listen}`);
  });

  it('the README gives the command that starts it', () => {
    expect(read('README.md')).toContain('docker compose --profile scale up');
  });

  const composeClient = (() => {
    try {
      execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.runIf(composeClient)('docker compose config accepts the file with the profile on', () => {
    execFileSync('docker', ['compose', '--profile', 'scale', 'config', '--quiet'], { cwd: ROOT, stdio: 'pipe' });
  });
});
