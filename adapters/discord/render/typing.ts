/**
 * "Twinbridge is typing…" while a job waits in the queue and a twin thinks. Discord shows the
 * indicator for about 10 s per request, so it is renewed until the reply text is on screen.
 */
import type { SendableChannels } from 'discord.js';
import type { Logger } from 'pino';

export interface Typing {
  set(active: boolean): void;
}

const RENEW_MS = 8000;

export function createTyping(channel: SendableChannels, logger: Logger): Typing {
  let timer: NodeJS.Timeout | null = null;
  const ping = (): void => {
    channel.sendTyping().catch((err: unknown) => logger.debug({ err }, 'discord: typing indicator failed'));
  };
  return {
    set(active) {
      if (active && !timer) {
        ping();
        timer = setInterval(ping, RENEW_MS);
        timer.unref();
      } else if (!active && timer) {
        clearInterval(timer);
        timer = null;
      }
    },
  };
}
