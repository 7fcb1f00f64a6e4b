/**
 * The one answer to "does this event end the job's reply stream?": `done`, or an `error` that
 * names no twin (a twin's own error ends only that twin's reply).
 */
import type { StreamEvent } from '../core/messages.js';

export function isTerminal(event: Pick<StreamEvent, 'event' | 'twin'>): boolean {
  return event.event === 'done' || (event.event === 'error' && event.twin === null);
}
