import { AppError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import type { LoggedEvent } from '../core/messages.js';
import type { ReplyStream } from '../core/ports.js';

/** A job's failure as an AppError with the job's own code, so the status matches the cause. */
export function jobError(code: string, message: string): AppError {
  return new AppError(code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', message);
}

/** What one event means for a waiter: keep waiting (undefined), or settle. */
export type Verdict<T> = { value: T } | { error: unknown } | undefined;

export interface AwaitJobOptions<T> {
  timeoutMs: number;
  /** Aborting rejects with SHUTTING_DOWN ("the caller went away"). */
  signal?: AbortSignal | undefined;
  /** Reads each event of the job's stream; the first verdict settles the wait. */
  decide(event: LoggedEvent): Verdict<T>;
  /**
   * Checked once the follower is attached, for jobs whose stream may never speak again (the log
   * expired, the answer is stored): a verdict settles at once.
   */
  settled?(): Promise<Verdict<T>>;
}

/**
 * Follows a job's reply stream until a verdict, a timeout or an abort, and always lets go of the
 * follower — also when the job ended before `follow` had handed back its unsubscribe (a replayed
 * key or a very fast job), which once leaked a hub listener and a Redis SUBSCRIBE per request.
 */
export function awaitJob<T>(stream: Pick<ReplyStream, 'follow'>, jobId: string, options: AwaitJobOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stop: (() => void) | null = null;
    let finished = false;
    const finish = (verdict: NonNullable<Verdict<T>>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stop?.();
      if ('value' in verdict) resolve(verdict.value);
      else reject(verdict.error);
    };
    const onAbort = () => finish({ error: new AppError('SHUTTING_DOWN', 'the caller went away') });
    const timer = setTimeout(
      () => finish({ error: new AppError('TIMEOUT', `No reply within ${options.timeoutMs} ms; follow GET /api/v2/chat/stream/${jobId}`) }),
      options.timeoutMs,
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream
      .follow(jobId, '0', (e) => {
        if (finished) return;
        const verdict = options.decide(e);
        if (verdict) finish(verdict);
      })
      .then(async (unsubscribe) => {
        if (finished) return unsubscribe();
        stop = unsubscribe;
        const verdict = await options.settled?.();
        if (verdict) finish(verdict);
      })
      .catch((error: unknown) => finish({ error }));
  });
}
