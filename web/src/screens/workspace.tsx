import { useEffect, useState } from 'preact/hooks';
import { MODES, type Mode, type Workspace as WorkspaceData } from '../api/types';
import { errorText, useApp } from '../app-context';
import { Avatar } from '../ui/avatar';

/** The user's twins; refetched on every twin:* event, so changes made elsewhere show at once. */
export function Workspace() {
  const { api, directory, onEvent, announce } = useApp();
  const [ws, setWs] = useState<WorkspaceData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(
    () =>
      onEvent((e) => {
        if (!e.event.startsWith('twin:')) return;
        setTick((t) => t + 1);
      }),
    [onEvent],
  );
  useEffect(() => {
    api
      .mine()
      .then((w) => {
        directory.learn(w.twins.map((t) => ({ ...t, id: t.twin_id })));
        setWs(w);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, [api, directory, tick]);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      announce(done);
      setTick((t) => t + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="ws-title">
      <h1 id="ws-title">Workspace</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {ws && ws.twins.length === 0 && <p>No twins yet: add some from the <a href="#/catalog">catalog</a>.</p>}
      <ul class="rows" aria-label="Workspace twins" aria-live="polite">
        {ws?.twins.map((t) => (
          <li key={t.twin_id} class="row">
            <Avatar name={t.name} url={t.avatar_url} />
            <div class="grow">
              <h2>
                {t.name} {t.is_favorite && <span class="star" aria-label="favorite">★</span>}
              </h2>
              <p class="muted">{t.category}</p>
            </div>
            <label class="sr-only" for={`mode-${t.twin_id}`}>
              Mode for {t.name}
            </label>
            <select
              id={`mode-${t.twin_id}`}
              value={t.participation_mode}
              onChange={(e) => {
                const participation_mode = e.currentTarget.value as Mode;
                void act(() => api.updateTwin(t.twin_id, { participation_mode }), `${t.name} is now ${participation_mode}`);
              }}
            >
              {MODES.map((m) => (
                <option value={m}>{m}</option>
              ))}
            </select>
            <button
              type="button"
              class="secondary"
              aria-pressed={t.is_favorite}
              onClick={() => void act(() => api.updateTwin(t.twin_id, { is_favorite: !t.is_favorite }), `${t.name} ${t.is_favorite ? 'unfavorited' : 'favorited'}`)}
            >
              Favorite
            </button>
            <button type="button" class="danger" aria-label={`Remove ${t.name}`} onClick={() => void act(() => api.removeTwin(t.twin_id), `${t.name} removed`)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
