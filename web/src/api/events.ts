import { ENDPOINTS } from './endpoints';

/** A workspace event from GET /api/v2/ws. */
export interface WorkspaceEvent {
  event: string;
  data: unknown;
}

/**
 * The live events socket (`?token=`: browsers cannot set headers on a WebSocket), reconnecting
 * with a growing delay until closed. Listeners get every frame.
 */
export function connectEvents(token: string, onEvent: (e: WorkspaceEvent) => void, onState: (open: boolean) => void): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const open = () => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${proto}://${location.host}${ENDPOINTS.events.path}?token=${encodeURIComponent(token)}`);
    socket.onopen = () => {
      delay = 500;
      onState(true);
    };
    socket.onmessage = (m) => {
      try {
        onEvent(JSON.parse(String(m.data)) as WorkspaceEvent);
      } catch {
        // not a JSON frame; ignore
      }
    };
    socket.onclose = (e) => {
      onState(false);
      if (closed || e.code === 4401) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 15_000);
    };
  };
  open();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}
