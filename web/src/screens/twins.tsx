import { useEffect, useState } from 'preact/hooks';
import { CATEGORIES, type TwinObject } from '../api/types';
import { errorText, useApp } from '../app-context';
import { Avatar } from '../ui/avatar';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const list = (s: string) => s.split(',').map((l) => l.trim()).filter(Boolean);

function save(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Create/edit custom twins, import persona files by drag-and-drop, export (api/twins.md). */
export function Twins() {
  const { api, paths, announce, directory } = useApp();
  const [twins, setTwins] = useState<TwinObject[]>([]);
  const [editing, setEditing] = useState<TwinObject | null>(null);
  const [name, setName] = useState('');
  const [prompt, setPrompt] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('Expert');
  const [expertise, setExpertise] = useState('');
  const [examples, setExamples] = useState('');
  const [addToWorkspace, setAddToWorkspace] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [skipped, setSkipped] = useState<Array<{ name: string; reason: string }>>([]);

  const available = [...paths].some((p) => p.startsWith('/api/v2/twins'));
  // Custom twins are listed by the catalog with source "custom" (api/twins.md).
  useEffect(() => {
    if (!available) return;
    api.available({ page: 1, page_size: 100 }).then(
      async (page) => {
        const mine = page.data.filter((t) => t.source === 'custom');
        setTwins(await Promise.all(mine.map((t) => api.getTwin(t.id))));
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, [api, available]);

  if (!available) {
    return (
      <section aria-labelledby="twins-title">
        <h1 id="twins-title">Your twins</h1>
        <p>This service does not offer custom twins yet (no /api/v2/twins in its API document).</p>
      </section>
    );
  }

  const remember = (t: TwinObject) => {
    directory.learn([t]);
    setTwins((all) => [t, ...all.filter((x) => x.id !== t.id)]);
  };
  const reset = () => {
    setEditing(null);
    setName('');
    setPrompt('');
    setDescription('');
    setExpertise('');
    setExamples('');
  };
  const edit = (t: TwinObject) => {
    setEditing(t);
    setName(t.name);
    setPrompt(t.persona.prompt);
    setDescription(t.description);
    setCategory(t.category);
    setExpertise(t.expertise.join(', '));
    setExamples((t.persona.examples ?? []).join('\n'));
  };

  const submit = async () => {
    setError(null);
    const body = {
      name,
      persona: { prompt, ...(examples.trim() ? { examples: lines(examples) } : {}) },
      ...(description.trim() ? { description: description.trim() } : {}),
      category,
      expertise: list(expertise),
    };
    try {
      const t = editing
        ? await api.editTwin(editing.id, body)
        : await api.createTwin({ ...body, ...(addToWorkspace ? { add_to_workspace: { participation_mode: 'active', is_favorite: false } } : {}) });
      remember(t);
      announce(`${t.name} ${editing ? 'saved' : 'created'}`);
      reset();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const importFiles = async (files: FileList | null) => {
    setError(null);
    for (const file of files ? [...files] : []) {
      const type = file.type === 'image/png' || file.name.toLowerCase().endsWith('.png') ? 'image/png' : 'application/json';
      try {
        const out = await api.importTwins(file, type, addToWorkspace);
        out.twins.forEach(remember);
        setSkipped(out.skipped);
        announce(`Imported ${out.twins.length} twin${out.twins.length === 1 ? '' : 's'} from ${file.name}`);
      } catch (err) {
        setError(`${file.name}: ${errorText(err)}`);
      }
    }
  };

  return (
    <section aria-labelledby="twins-title">
      <h1 id="twins-title">Your twins</h1>
      <div
        class={`dropzone${dragging ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void importFiles(e.dataTransfer?.files ?? null);
        }}
      >
        <p>Drop a character card (JSON or PNG), an elizaOS character or a PluralKit/Tupperbox export here, or</p>
        <label for="import-file">Import a persona file</label>
        <input id="import-file" type="file" accept=".json,.png,application/json,image/png" onChange={(e) => void importFiles(e.currentTarget.files)} />
      </div>
      <form
        class="twin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{editing ? `Edit ${editing.name}` : 'Create a twin'}</h2>
        <label for="twin-name">Name</label>
        <input id="twin-name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="twin-prompt">Persona</label>
        <textarea id="twin-prompt" required rows={5} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} placeholder="Who the twin is and how it speaks" />
        <label for="twin-description">Description</label>
        <input id="twin-description" maxLength={500} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        <label for="twin-category">Category</label>
        <select id="twin-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          {CATEGORIES.map((c) => (
            <option value={c}>{c}</option>
          ))}
        </select>
        <label for="twin-expertise">Expertise (comma-separated)</label>
        <input id="twin-expertise" value={expertise} onInput={(e) => setExpertise(e.currentTarget.value)} />
        <label for="twin-examples">Example lines (one per line)</label>
        <textarea id="twin-examples" rows={3} value={examples} onInput={(e) => setExamples(e.currentTarget.value)} />
        {!editing && (
          <label class="check">
            <input type="checkbox" checked={addToWorkspace} onChange={(e) => setAddToWorkspace(e.currentTarget.checked)} /> Add to my workspace
          </label>
        )}
        <div class="actions">
          <button type="submit">{editing ? 'Save twin' : 'Create twin'}</button>
          {editing && (
            <button type="button" class="secondary" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {skipped.length > 0 && (
        <ul aria-label="Skipped">
          {skipped.map((s) => (
            <li>
              {s.name}: {s.reason}
            </li>
          ))}
        </ul>
      )}
      <ul class="rows" aria-label="Your twins">
        {twins.map((t) => (
          <li key={t.id} class="row">
            <Avatar name={t.name} url={t.avatar_url} />
            <div class="grow">
              <h2>{t.name}</h2>
              <p class="muted">{t.description}</p>
            </div>
            <button type="button" class="secondary" aria-label={`Edit ${t.name}`} onClick={() => edit(t)}>
              Edit
            </button>
            <button
              type="button"
              class="secondary"
              aria-label={`Export ${t.name}`}
              onClick={() => api.exportTwin(t.id, 'ccv3').then((b) => save(`${t.slug}.json`, b), (err: unknown) => setError(errorText(err)))}
            >
              Export
            </button>
            <button
              type="button"
              class="danger"
              aria-label={`Delete ${t.name}`}
              onClick={() =>
                api.deleteTwin(t.id).then(
                  () => setTwins((all) => all.filter((x) => x.id !== t.id)),
                  (err: unknown) => setError(errorText(err)),
                )
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
