import type { FastifyInstance } from 'fastify';

const links = {
  openapi: '/api/openapi.json',
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
};
// The contracts ship with the source, not the server: named, not linked.
const docs = 'docs/api/*.md and README.md in the source tree';

/** What GET / answers to `Accept: application/json`, with or without the console. */
export function homeInfo(version: string) {
  return { service: 'twinbridge', version, links, docs };
}

/**
 * GET / when the web console is not built (routes/console.ts serves it otherwise): what this
 * service is and where to go next. HTML for a browser, JSON for `Accept: application/json`.
 */
export function registerHomeRoute(app: FastifyInstance, deps: { version: string }): void {
  const info = { ...homeInfo(deps.version), console: null, hint: 'The web console is not built: run `npm run build`.' };
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Twinbridge ${deps.version}</title></head>
<body>
<h1>Twinbridge</h1>
<p>Digital twins on Discord, Slack and HTTP. Version ${deps.version}.</p>
<ul>
<li><a href="${links.openapi}">API reference (OpenAPI document)</a></li>
<li>API contracts: ${docs}</li>
<li><a href="${links.health}">Health</a> and <a href="${links.ready}">readiness</a></li>
<li>The web console is not built: run <code>npm run build</code> (npm start does).</li>
</ul>
</body></html>
`;
  app.get('/', async (req, reply) => {
    const accept = String(req.headers.accept ?? '');
    if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return info;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
