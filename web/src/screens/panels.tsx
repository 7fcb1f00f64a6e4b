import { useEffect, useMemo, useState } from 'preact/hooks';
import type { GroupTwin, PanelResult } from '../api/types';
import { errorText, useApp } from '../app-context';
import { cellText, columns, DEFAULT_FORMAT, histogram, responseFormatFor, toCsv, type AnswerShape } from '../panel-shape';
import { Histogram } from '../ui/histogram';

const GROUPS = [
  { key: 'gen_z', label: 'Gen Z' },
  { key: 'millennials', label: 'Millennials' },
  { key: 'gen_x', label: 'Gen X' },
  { key: 'boomers', label: 'Boomers' },
];

/** What the sent schema asks for, so an edited raw schema still gets the right chart. */
function shapeOfSchema(schema: Record<string, unknown> | null): AnswerShape {
  const props = (schema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const max = props['rating']?.['maximum'];
  if (typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= 100) return { kind: 'rating', max };
  const options = props['choice']?.['enum'];
  if (Array.isArray(options) && options.every((o) => typeof o === 'string')) return { kind: 'choice', options: options as string[] };
  return { kind: 'text' };
}

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Panels() {
  const { api, me } = useApp();
  const [group, setGroup] = useState('millennials');
  const [members, setMembers] = useState<GroupTwin[]>([]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [question, setQuestion] = useState('');
  const [kind, setKind] = useState<AnswerShape['kind']>('rating');
  const [max, setMax] = useState(5);
  const [options, setOptions] = useState('Yes\nNo\nNot sure');
  const [raw, setRaw] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ data: PanelResult; shape: AnswerShape; question: string } | null>(null);

  useEffect(() => {
    setPicked(new Set());
    api.groupTwins(me.customerId, group).then(setMembers, (err: unknown) => setError(errorText(err)));
  }, [api, me.customerId, group]);

  const shape: AnswerShape = kind === 'rating' ? { kind, max } : kind === 'choice' ? { kind, options: options.split('\n').map((o) => o.trim()).filter(Boolean) } : { kind };
  const generated = useMemo(() => JSON.stringify(responseFormatFor(shape) ?? DEFAULT_FORMAT, null, 2), [kind, max, options]);
  const schemaText = raw ?? generated;

  const run = async () => {
    setError(null);
    let format: ReturnType<typeof responseFormatFor>;
    try {
      format = raw === null ? responseFormatFor(shape) : (JSON.parse(raw) as ReturnType<typeof responseFormatFor>);
    } catch {
      setError('The response schema is not valid JSON.');
      return;
    }
    setBusy(true);
    try {
      const data = await api.panel(me.customerId, group, { question, responseFormat: format, twinIds: [...picked] });
      setResult({ data, shape: shapeOfSchema(format?.json_schema.schema ?? null), question });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const bins = result ? histogram(result.shape, result.data.results) : null;
  const cols = result ? columns(result.data.results) : [];
  return (
    <section aria-labelledby="panels-title">
      <h1 id="panels-title">Panels</h1>
      <form
        class="panel-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label for="panel-group">Group</label>
        <select id="panel-group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {GROUPS.map((g) => (
            <option value={g.key}>{g.label}</option>
          ))}
        </select>
        <fieldset>
          <legend>Twins (none ticked: the whole group)</legend>
          {members.map((m) => (
            <label class="check" key={m.id}>
              <input
                type="checkbox"
                checked={picked.has(m.id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.currentTarget.checked) next.add(m.id);
                  else next.delete(m.id);
                  setPicked(next);
                }}
              />{' '}
              {m.name}
              {m.title ? <span class="muted"> — {m.title}</span> : null}
            </label>
          ))}
        </fieldset>
        <label for="panel-question">Question</label>
        <textarea id="panel-question" rows={2} required value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        <fieldset>
          <legend>Answer shape</legend>
          {(['text', 'rating', 'choice'] as const).map((k) => (
            <label class="check" key={k}>
              <input type="radio" name="shape" value={k} checked={kind === k} onChange={() => { setKind(k); setRaw(null); }} />{' '}
              {k === 'text' ? 'Free text' : k === 'rating' ? 'Rating' : 'Choice'}
            </label>
          ))}
          {kind === 'rating' && (
            <label>
              Highest rating <input type="number" min={2} max={10} value={max} onInput={(e) => { setMax(Math.max(2, Math.min(10, Number(e.currentTarget.value) || 5))); setRaw(null); }} />
            </label>
          )}
          {kind === 'choice' && (
            <label>
              Options, one per line
              <textarea rows={3} value={options} onInput={(e) => { setOptions(e.currentTarget.value); setRaw(null); }} />
            </label>
          )}
        </fieldset>
        <details>
          <summary>Response schema (JSON)</summary>
          <label for="panel-schema">Response schema</label>
          <textarea id="panel-schema" class="mono" rows={12} spellcheck={false} value={schemaText} onInput={(e) => setRaw(e.currentTarget.value)} />
          {raw !== null && (
            <button type="button" class="secondary" onClick={() => setRaw(null)}>
              Reset to generated
            </button>
          )}
        </details>
        <button type="submit" disabled={busy}>
          {busy ? 'Running…' : 'Run panel'}
        </button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {result && (
        <div class="panel-results">
          <h2>Results</h2>
          {bins && <Histogram bins={bins} title={`Answers to “${result.question}”`} />}
          <div class="table-wrap">
            <table>
              <caption>
                {result.data.results.length} answer{result.data.results.length === 1 ? '' : 's'}
              </caption>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th scope="col">{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.data.results.map((r) => (
                  <tr key={r.twinId}>
                    {cols.map((c) => (
                      <td>{cellText(r[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.data.failed.length > 0 && (
            <div class="failed">
              <h3>Failed twins</h3>
              <ul aria-label="Failed twins">
                {result.data.failed.map((f) => (
                  <li key={f.twinId}>
                    {f.name}: {f.error.code} — {f.error.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => download('panel.csv', 'text/csv', toCsv(result.data.results))}>
              Download CSV
            </button>
            <button type="button" class="secondary" onClick={() => download('panel.json', 'application/json', JSON.stringify(result.data, null, 2))}>
              Download JSON
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
