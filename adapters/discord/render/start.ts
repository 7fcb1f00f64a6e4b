/**
 * Starts rendering one job in this process (once per job id) through the render core.
 */
import { renderJob, type RenderJobInput } from '../../../src/render/index.js';
import type { AdapterContext } from '../context.js';

export function startRender(ctx: AdapterContext, input: RenderJobInput): void {
  if (ctx.jobs.has(input.jobId)) return;
  const render = renderJob(input, ctx.renderDeps);
  ctx.jobs.track(input.jobId, render);
}
