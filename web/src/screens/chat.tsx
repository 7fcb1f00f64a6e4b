import { useEffect, useRef, useState } from 'preact/hooks';
import { readSse } from '../api/sse';
import { errorText, useApp } from '../app-context';
import { applyEvent, routingFor, type Bubble, type Entry, type Reply } from '../chat-state';
import { readLocal, writeLocal } from '../session';
import { Avatar } from '../ui/avatar';
import { Markdown } from '../ui/markdown-view';

interface Channel {
  id: string;
  title: string;
}

function BubbleView({ reply, b }: { reply: Reply; b: Bubble }) {
  const { directory } = useApp();
  const known = directory.find(b);
  const name = b.name ?? known?.name ?? b.personality ?? 'Assistant';
  const why = routingFor(reply, b);
  return (
    <article class={`bubble${b.final ? ' final' : ' streaming'}`} aria-label={`Reply from ${name}`} data-twin={b.personality ?? ''}>
      <header>
        <Avatar name={name} url={known?.avatar_url} size="sm" />
        <span class="who">{name}</span>
        {!b.final && reply.status === 'streaming' && <span class="typing">typing…</span>}
      </header>
      {b.tools.length > 0 && (
        <ul class="tools" aria-label="Tool activity">
          {b.tools.map((t) => (
            <li key={t.toolId} class={`tool ${t.state}`}>
              {t.state === 'running' ? `Using ${t.tool}…` : t.state === 'done' ? `Used ${t.tool}` : `${t.tool} failed`}
            </li>
          ))}
        </ul>
      )}
      <div class="body">
        <Markdown text={b.text} />
      </div>
      {b.error && <p class="error">{b.error}</p>}
      {why && (
        <details class="why">
          <summary>Why did this twin answer?</summary>
          <p>
            {why.reason} <span class="muted">(rule: {why.rule})</span>
          </p>
        </details>
      )}
    </article>
  );
}

/**
 * Conversations are channels: their ids and transcripts are kept in this browser. A reply that
 * was still streaming when the page went away is re-attached on load with Last-Event-ID.
 */
export function Chat() {
  const { api, me, announce } = useApp();
  const prefix = `twinbridge.${me.customerId}.${me.userId}`;
  const [channels, setChannels] = useState<Channel[]>(() => readLocal<Channel[]>(`${prefix}.channels`, []));
  const [current, setCurrent] = useState<string | null>(() => readLocal<string | null>(`${prefix}.current`, null));
  const [entries, setEntries] = useState<Entry[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const entriesRef = useRef<Entry[]>([]);
  const logRef = useRef<HTMLDivElement>(null);
  const abort = useRef<AbortController | null>(null);
  // A conversation created by sending its first message is already loaded and streaming.
  const adopted = useRef<string | null>(null);

  const save = (channelId: string, next: Entry[]) => {
    entriesRef.current = next;
    setEntries(next);
    writeLocal(`${prefix}.chat.${channelId}`, next);
  };
  const updateReply = (channelId: string, id: string, fn: (r: Reply) => Reply) => {
    save(channelId, entriesRef.current.map((e) => (e.kind === 'reply' && e.id === id ? fn(e) : e)));
  };

  async function consume(channelId: string, replyId: string, res: Response) {
    for await (const ev of readSse(res)) {
      updateReply(channelId, replyId, (r) => applyEvent(r, ev.event, (ev.data ?? {}) as Record<string, unknown>, ev.id));
      if (ev.event === 'done') announce('Reply complete');
    }
    updateReply(channelId, replyId, (r) => (r.status === 'streaming' ? { ...r, status: 'interrupted' } : r));
  }

  // Switching conversation: load its transcript and re-attach a reply left streaming.
  useEffect(() => {
    if (!current) return;
    writeLocal(`${prefix}.current`, current);
    if (adopted.current === current) {
      adopted.current = null;
      return () => abort.current?.abort();
    }
    abort.current?.abort();
    const loaded = readLocal<Entry[]>(`${prefix}.chat.${current}`, []);
    entriesRef.current = loaded;
    setEntries(loaded);
    const pending = loaded.find((e): e is Reply => e.kind === 'reply' && e.status === 'streaming');
    if (pending) {
      if (!pending.streamId) updateReply(current, pending.id, (r) => ({ ...r, status: 'interrupted' }));
      else {
        const controller = new AbortController();
        abort.current = controller;
        api
          .chatAttach(pending.streamId, pending.lastEventId, controller.signal)
          .then((res) => consume(current, pending.id, res))
          .catch((err: unknown) => {
            if (!controller.signal.aborted) updateReply(current, pending.id, (r) => ({ ...r, status: 'error', error: errorText(err) }));
          });
      }
    }
    return () => abort.current?.abort();
  }, [current]);

  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [entries]);

  const newChannel = () => {
    const ch = { id: crypto.randomUUID(), title: `Conversation ${channels.length + 1}` };
    const next = [ch, ...channels];
    setChannels(next);
    writeLocal(`${prefix}.channels`, next);
    setCurrent(ch.id);
    return ch.id;
  };

  const send = async () => {
    const message = text.trim();
    if (!message) return;
    let channelId = current;
    if (!channelId) {
      channelId = newChannel();
      adopted.current = channelId;
    }
    // A conversation is named after its first message.
    const named = readLocal<Channel[]>(`${prefix}.channels`, []);
    if (named.find((c) => c.id === channelId)?.title.startsWith('Conversation ')) {
      const next = named.map((c) => (c.id === channelId ? { ...c, title: message.slice(0, 40) } : c));
      setChannels(next);
      writeLocal(`${prefix}.channels`, next);
    }
    setText('');
    setError(null);
    const replyId = crypto.randomUUID();
    const base = channelId === current ? entriesRef.current : readLocal<Entry[]>(`${prefix}.chat.${channelId}`, []);
    save(channelId, [
      ...base,
      { kind: 'user', id: crypto.randomUUID(), text: message, at: new Date().toISOString() },
      { kind: 'reply', id: replyId, streamId: null, lastEventId: null, status: 'streaming', bubbles: [], routing: [], error: null },
    ]);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const res = await api.chatStream({ message, channelId }, controller.signal);
      await consume(channelId, replyId, res);
    } catch (err) {
      if (!controller.signal.aborted) {
        updateReply(channelId, replyId, (r) => ({ ...r, status: 'error', error: errorText(err) }));
        setError(errorText(err));
      }
    }
  };

  return (
    <section class="chat" aria-labelledby="chat-title">
      <h1 id="chat-title" class="sr-only">
        Chat
      </h1>
      <nav class="channels" aria-label="Conversations">
        <button type="button" onClick={newChannel}>
          New conversation
        </button>
        <ul>
          {channels.map((c) => (
            <li key={c.id}>
              <button type="button" class="link" aria-current={c.id === current ? 'true' : undefined} onClick={() => setCurrent(c.id)}>
                {c.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div class="conversation">
        <div class="log" role="log" aria-label="Conversation" aria-live="polite" ref={logRef}>
          {entries.length === 0 && <p class="muted">Say hello. Twins in your workspace that are active answer; address one with @slug.</p>}
          {entries.map((e) =>
            e.kind === 'user' ? (
              <div key={e.id} class="mine" aria-label="You said">
                <p>{e.text}</p>
              </div>
            ) : (
              <div key={e.id} class="replies">
                {e.bubbles.map((b) => (
                  <BubbleView key={b.key} reply={e} b={b} />
                ))}
                {e.status === 'streaming' && e.bubbles.length === 0 && <p class="muted">Thinking…</p>}
                {e.status === 'interrupted' && <p class="muted">This reply was interrupted.</p>}
                {e.error && <p class="error">{e.error}</p>}
              </div>
            ),
          )}
        </div>
        <form
          class="composer"
          onSubmit={(ev) => {
            ev.preventDefault();
            void send();
          }}
        >
          <label for="message">Message</label>
          <textarea
            id="message"
            rows={2}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                void send();
              }
            }}
          />
          <button type="submit">Send</button>
          {error && <p role="alert" class="error">{error}</p>}
        </form>
      </div>
    </section>
  );
}
