import { useEffect, useRef, useState } from 'preact/hooks';
import { readSse } from '../api/sse';
import type { Roundtable, WorkspaceTwin } from '../api/types';
import { errorText, useApp } from '../app-context';
import { Avatar } from '../ui/avatar';
import { Markdown } from '../ui/markdown-view';

type Item = { kind: 'turn'; turn: number; name: string; twinId: string; reason: string; text: string; done: boolean } | { kind: 'person'; id: string; author: string; content: string };

/** Pick twins and a topic; turns stream under each twin's name (api/roundtables.md). */
export function Roundtables() {
  const { api, paths, announce } = useApp();
  const [twins, setTwins] = useState<WorkspaceTwin[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [topic, setTopic] = useState('');
  const [turns, setTurns] = useState(3);
  const [strategy, setStrategy] = useState('round_robin');
  const [table, setTable] = useState<Roundtable | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [say, setSay] = useState('');
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const available = paths.has('/api/v2/roundtables');

  useEffect(() => {
    if (available) api.mine().then((w) => setTwins(w.twins), (err: unknown) => setError(errorText(err)));
    return () => abort.current?.abort();
  }, [api, available]);

  if (!available) {
    return (
      <section aria-labelledby="rt-title">
        <h1 id="rt-title">Roundtables</h1>
        <p>This service does not offer roundtables yet (no /api/v2/roundtables in its API document).</p>
      </section>
    );
  }

  const follow = async (rt: Roundtable) => {
    const controller = new AbortController();
    abort.current = controller;
    const res = await api.roundtableStream(rt.id, null, controller.signal);
    for await (const ev of readSse(res)) {
      const d = (ev.data ?? {}) as Record<string, unknown>;
      const turn = Number(d['turn']);
      const onTurn = (fn: (it: Extract<Item, { kind: 'turn' }>) => Item) => setItems((all) => all.map((it) => (it.kind === 'turn' && it.turn === turn ? fn(it) : it)));
      switch (ev.event) {
        case 'turn_start':
          setItems((all) => [...all.filter((it) => !(it.kind === 'turn' && it.turn === turn)), { kind: 'turn', turn, name: String(d['name']), twinId: String(d['twinId']), reason: String(d['reason'] ?? ''), text: '', done: false }]);
          break;
        case 'text_delta':
          onTurn((it) => ({ ...it, text: it.text + String(d['content'] ?? '') }));
          break;
        case 'reset':
          onTurn((it) => ({ ...it, text: '' }));
          break;
        case 'turn_done':
          onTurn((it) => ({ ...it, text: String(d['reply'] ?? it.text), done: true }));
          break;
        case 'message':
          setItems((all) => [...all, { kind: 'person', id: ev.id ?? String(all.length), author: String(d['author'] ?? 'Someone'), content: String(d['content'] ?? '') }]);
          break;
        case 'done':
          setStatus(String(d['status']));
          announce(`Roundtable ${String(d['status'])}`);
          break;
        case 'error':
          setError(String(d['message']));
          break;
      }
    }
  };

  const start = async () => {
    setError(null);
    setItems([]);
    setStatus('running');
    try {
      const rt = await api.createRoundtable({ topic, twins: picked, max_turns: turns, strategy });
      setTable(rt);
      await follow(rt);
    } catch (err) {
      if (!abort.current?.signal.aborted) setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="rt-title">
      <h1 id="rt-title">Roundtables</h1>
      <form
        class="panel-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset>
          <legend>Twins (2–8, from your workspace)</legend>
          {twins.map((t) => (
            <label class="check" key={t.twin_id}>
              <input
                type="checkbox"
                checked={picked.includes(t.twin_id)}
                onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, t.twin_id] : picked.filter((x) => x !== t.twin_id))}
              />{' '}
              {t.name}
            </label>
          ))}
        </fieldset>
        <label for="rt-topic">Topic</label>
        <textarea id="rt-topic" rows={2} required value={topic} onInput={(e) => setTopic(e.currentTarget.value)} />
        <label for="rt-turns">Turns</label>
        <input id="rt-turns" type="number" min={1} max={20} value={turns} onInput={(e) => setTurns(Number(e.currentTarget.value) || 3)} />
        <label for="rt-strategy">Who speaks next</label>
        <select id="rt-strategy" value={strategy} onChange={(e) => setStrategy(e.currentTarget.value)}>
          <option value="round_robin">Round robin</option>
          <option value="addressed">Whoever is addressed</option>
          <option value="model">A moderator model</option>
        </select>
        <button type="submit" disabled={status === 'running'}>
          Start roundtable
        </button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {table && (
        <div class="roundtable">
          <h2>{table.topic}</h2>
          <p class="muted" aria-live="polite">
            Status: {status}
          </p>
          <div role="log" aria-label="Roundtable" class="log">
            {items.map((it) =>
              it.kind === 'turn' ? (
                <article key={`t${it.turn}`} class={`bubble${it.done ? ' final' : ' streaming'}`} aria-label={`Turn ${it.turn}: ${it.name}`}>
                  <header>
                    <Avatar name={it.name} url={null} size="sm" />
                    <span class="who">{it.name}</span>
                    <span class="muted">{it.reason}</span>
                  </header>
                  <div class="body">
                    <Markdown text={it.text} />
                  </div>
                </article>
              ) : (
                <div key={it.id} class="mine">
                  <p>
                    <strong>{it.author}:</strong> {it.content}
                  </p>
                </div>
              ),
            )}
          </div>
          {status === 'running' && (
            <form
              class="composer"
              onSubmit={async (e) => {
                e.preventDefault();
                const message = say.trim();
                if (!message) return;
                setSay('');
                await api.roundtableMessage(table.id, message).catch((err: unknown) => setError(errorText(err)));
              }}
            >
              <label for="rt-say">Your message</label>
              <input id="rt-say" value={say} onInput={(e) => setSay(e.currentTarget.value)} />
              <button type="submit">Join in</button>
              <button type="button" class="danger" onClick={() => api.stopRoundtable(table.id).catch((err: unknown) => setError(errorText(err)))}>
                Stop
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
