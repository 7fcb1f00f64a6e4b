/**
 * The jobs a process is rendering, by job id: a redelivered event in this process never renders
 * twice, and shutdown gives replies in flight a bounded time to land.
 */
import type { Clock } from './clock.js';
import type { JobRender } from './job.js';

export interface FollowerRegistry {
  has(jobId: string): boolean;
  track(jobId: string, render: JobRender): void;
  readonly size: number;
  /**
   * Waits up to `graceMs` for renders to finish by themselves, then cancels the rest (their
   * current text lands as final) and waits up to `landMs` more.
   */
  drain(graceMs: number, landMs: number): Promise<void>;
}

export function createFollowerRegistry(clock: Clock): FollowerRegistry {
  const jobs = new Map<string, JobRender>();
  const within = async (ms: number, work: Promise<unknown>): Promise<void> => {
    let cancel: () => void = () => undefined;
    const timeout = new Promise<void>((resolve) => (cancel = clock.timer(ms, resolve)));
    await Promise.race([work, timeout]);
    cancel();
  };
  const all = (): Promise<unknown> => Promise.allSettled([...jobs.values()].map((r) => r.done));
  return {
    has: (id) => jobs.has(id),
    track(id, render) {
      jobs.set(id, render);
      void render.done.finally(() => {
        if (jobs.get(id) === render) jobs.delete(id);
      });
    },
    get size() {
      return jobs.size;
    },
    async drain(graceMs, landMs) {
      if (graceMs > 0 && jobs.size > 0) await within(graceMs, all());
      for (const r of jobs.values()) r.cancel();
      if (jobs.size > 0) await within(landMs, all());
      jobs.clear();
    },
  };
}
