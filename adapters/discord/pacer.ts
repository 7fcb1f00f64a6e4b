/**
 * A per-channel write budget shared by every twin streaming there. Discord limits message
 * sends and edits per channel (about 5 per 5 s); if each twin paced itself alone, ten twins
 * would overrun it and every edit would queue behind 429s. Grants are first come, first served,
 * so twins take turns, and a bucket Discord reports as empty blocks the channel until it resets.
 */

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ChannelPacer {
  /** Resolves when one more write may go to this channel. */
  acquire(channelKey: string): Promise<void>;
  /** Discord said this channel's bucket is empty until `untilMs` (epoch ms). */
  block(channelKey: string, untilMs: number): void;
}

interface Lane {
  grants: number[];
  blockedUntil: number;
  tail: Promise<void>;
  pending: number;
}

export interface PacerOptions {
  /** Writes allowed per window (Discord: 5). */
  limit: number;
  windowMs: number;
  /**
   * Slack added to the window: Discord's window starts when our first request arrives, which is
   * later than when we sent it, so a window measured here would reopen a little early.
   */
  marginMs?: number;
}

export function createChannelPacer(options: PacerOptions, clock: PacerClock = realClock): ChannelPacer {
  const lanes = new Map<string, Lane>();
  const window = options.windowMs + (options.marginMs ?? 150);

  function lane(key: string): Lane {
    let l = lanes.get(key);
    if (!l) {
      if (lanes.size >= 512) sweep();
      l = { grants: [], blockedUntil: 0, tail: Promise.resolve(), pending: 0 };
      lanes.set(key, l);
    }
    return l;
  }

  /** Drops idle lanes so a long-running process does not keep one per channel forever. */
  function sweep(): void {
    const now = clock.now();
    for (const [key, l] of lanes) {
      if (l.pending === 0 && l.blockedUntil < now && l.grants.every((t) => t <= now - window)) lanes.delete(key);
    }
  }

  async function grant(l: Lane): Promise<void> {
    for (;;) {
      const now = clock.now();
      l.grants = l.grants.filter((t) => t > now - window);
      const full = l.grants.length >= options.limit ? l.grants[l.grants.length - options.limit]! + window : 0;
      const at = Math.max(now, l.blockedUntil, full);
      if (at <= now) {
        l.grants.push(now);
        return;
      }
      await clock.sleep(at - now);
    }
  }

  return {
    acquire(key) {
      const l = lane(key);
      l.pending += 1;
      const turn = l.tail.then(() => grant(l)).finally(() => {
        l.pending -= 1;
      });
      l.tail = turn.catch(() => undefined);
      return turn;
    },
    block(key, untilMs) {
      const l = lane(key);
      l.blockedUntil = Math.max(l.blockedUntil, untilMs);
    },
  };
}
