import { useEffect, useState } from 'preact/hooks';
import { ENDPOINTS } from '../api/endpoints';
import type { ApiClient } from '../api/client';
import { errorText } from '../app-context';

/** Paste a JWT or an API key; or, on a development install, continue as the local user. */
export function SignIn({ api, onToken, notice }: { api: ApiClient; onToken: (token: string) => Promise<void>; notice: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);
  const [devLogin, setDevLogin] = useState(false);

  useEffect(() => {
    api.openapi().then((doc) => setDevLogin(ENDPOINTS.devToken.path in doc.paths), () => setDevLogin(false));
  }, [api]);

  const attempt = async (get: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      await onToken(await get());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <h1>Twinbridge</h1>
      <p>Talk with digital twins: browse the catalog, keep a workspace, chat, run panels and roundtables.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = token.trim();
          if (value) void attempt(async () => value);
        }}
      >
        <label for="token">Token or API key</label>
        <textarea id="token" rows={3} autoComplete="off" spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} required />
        <p class="hint">
          A JWT (<code>npm run twinbridge -- token create --user &lt;id&gt;</code>) or an API key (<code>tb_…</code>). It is kept in this tab only.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {devLogin && (
        <div class="dev-login">
          <p>This is a development install (no JWT_SECRET configured).</p>
          <button type="button" class="secondary" disabled={busy} onClick={() => void attempt(async () => (await api.devToken()).token)}>
            Continue as local user
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </main>
  );
}
