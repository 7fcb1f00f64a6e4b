import { useEffect, useState } from 'preact/hooks';
import { CATEGORIES, MODES, type CatalogTwin, type Mode, type Page } from '../api/types';
import { errorText, useApp } from '../app-context';
import { Avatar } from '../ui/avatar';

const PAGE_SIZE = 12;

function AddForm({ twin, inWorkspace, onAdded }: { twin: CatalogTwin; inWorkspace: boolean; onAdded: () => void }) {
  const { api, announce } = useApp();
  const [mode, setMode] = useState<Mode>('active');
  const [favorite, setFavorite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (inWorkspace) return <p class="added">In your workspace</p>;
  const id = `add-${twin.id}`;
  return (
    <form
      class="add-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.addTwin({ twin_id: twin.id, is_favorite: favorite, participation_mode: mode });
          announce(`${twin.name} added to your workspace`);
          onAdded();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label for={`${id}-mode`}>Mode</label>
      <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
        {MODES.map((m) => (
          <option value={m}>{m}</option>
        ))}
      </select>
      <label class="check">
        <input type="checkbox" checked={favorite} onChange={(e) => setFavorite(e.currentTarget.checked)} /> Favorite
      </label>
      <button type="submit" aria-label={`Add ${twin.name}`}>
        Add
      </button>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}

export function Catalog() {
  const { api, directory, onEvent } = useApp();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Page<CatalogTwin> | null>(null);
  const [mine, setMine] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => onEvent((e) => e.event.startsWith('twin:') && setTick((t) => t + 1)), [onEvent]);
  useEffect(() => {
    api.mine().then((w) => setMine(new Set(w.twins.map((t) => t.twin_id))), () => undefined);
  }, [api, tick]);
  useEffect(() => {
    const controller = setTimeout(() => {
      api
        .available({ page, page_size: PAGE_SIZE, ...(category ? { category } : {}), ...(search.trim() ? { search: search.trim() } : {}) })
        .then((r) => {
          directory.learn(r.data);
          setResult(r);
          setError(null);
        })
        .catch((err: unknown) => setError(errorText(err)));
    }, 150);
    return () => clearTimeout(controller);
  }, [api, directory, search, category, page]);

  const pages = result ? Math.max(1, Math.ceil(result.pagination.total / PAGE_SIZE)) : 1;
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Catalog</h1>
      <div class="filters" role="search">
        <label for="catalog-search">Search twins</label>
        <input id="catalog-search" type="search" value={search} placeholder="Name, description or expertise" onInput={(e) => { setSearch(e.currentTarget.value); setPage(1); }} />
        <label for="catalog-category">Category</label>
        <select id="catalog-category" value={category} onChange={(e) => { setCategory(e.currentTarget.value); setPage(1); }}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option value={c}>{c}</option>
          ))}
        </select>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <p class="muted" aria-live="polite">
        {result ? `${result.pagination.total} twin${result.pagination.total === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <ul class="cards" aria-label="Twins">
        {result?.data.map((t) => (
          <li class="card" key={t.id}>
            <article aria-label={t.name}>
              <header>
                <Avatar name={t.name} url={t.avatar_url} />
                <div>
                  <h2>{t.name}</h2>
                  <span class="badge">{t.category}</span>
                </div>
              </header>
              <p>{t.description}</p>
              {t.expertise.length > 0 && (
                <ul class="tags" aria-label="Expertise">
                  {t.expertise.map((x) => (
                    <li>{x}</li>
                  ))}
                </ul>
              )}
              <AddForm twin={t} inWorkspace={mine.has(t.id)} onAdded={() => setTick((n) => n + 1)} />
            </article>
          </li>
        ))}
      </ul>
      <nav class="pager" aria-label="Catalog pages">
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button type="button" disabled={!result?.pagination.hasMore} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </nav>
    </section>
  );
}
