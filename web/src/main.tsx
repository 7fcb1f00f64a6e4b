import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApiClient } from './api/client';
import { connectEvents, type WorkspaceEvent } from './api/events';
import { AppContext, createDirectory, errorText, type AppContextValue } from './app-context';
import { Catalog } from './screens/catalog';
import { Chat } from './screens/chat';
import { Panels } from './screens/panels';
import { Roundtables } from './screens/roundtables';
import { SignIn } from './screens/sign-in';
import { Twins } from './screens/twins';
import { Workspace } from './screens/workspace';
import { loadToken, saveToken } from './session';

const SCREENS = {
  chat: { label: 'Chat', view: Chat },
  catalog: { label: 'Catalog', view: Catalog },
  workspace: { label: 'Workspace', view: Workspace },
  panels: { label: 'Panels', view: Panels },
  twins: { label: 'Your twins', view: Twins },
  roundtables: { label: 'Roundtables', view: Roundtables },
} as const;
type ScreenName = keyof typeof SCREENS;

const screenFromHash = (): ScreenName => {
  const name = location.hash.replace(/^#\/?/, '');
  return name in SCREENS ? (name as ScreenName) : 'chat';
};

function App() {
  const [token, setToken] = useState<string | null>(loadToken);
  const [notice, setNotice] = useState<string | null>(null);
  const [ctx, setCtx] = useState<Omit<AppContextValue, 'announce' | 'onEvent'> | null>(null);
  const [screen, setScreen] = useState<ScreenName>(screenFromHash);
  const [live, setLive] = useState(false);
  const [message, setMessage] = useState('');
  const listeners = useRef(new Set<(e: WorkspaceEvent) => void>());
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const signOut = (why: string | null) => {
    saveToken(null);
    setToken(null);
    setCtx(null);
    setNotice(why);
  };
  const api = useMemo(() => createApiClient({ getToken: () => tokenRef.current, onUnauthorized: () => signOut('Your session ended: sign in again.') }), []);

  // Checks the credential (GET /mine) before showing anything, and learns who we are.
  const adopt = async (candidate: string) => {
    tokenRef.current = candidate;
    try {
      const [ws, doc] = await Promise.all([api.mine(), api.openapi()]);
      saveToken(candidate);
      setToken(candidate);
      setNotice(null);
      setCtx({ api, me: { userId: ws.user_id, customerId: ws.customer_id ?? ws.user_id }, directory: createDirectory(), paths: new Set(Object.keys(doc.paths)) });
    } catch (err) {
      tokenRef.current = token;
      throw err;
    }
  };

  useEffect(() => {
    if (token && !ctx) adopt(token).catch((err: unknown) => signOut(errorText(err)));
  }, []);
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!ctx || !token) return;
    return connectEvents(token, (e) => listeners.current.forEach((l) => l(e)), setLive);
  }, [ctx, token]);
  useEffect(() => {
    document.title = `${SCREENS[screen].label} · Twinbridge`;
  }, [screen]);

  const value = useMemo<AppContextValue | null>(
    () =>
      ctx && {
        ...ctx,
        announce: setMessage,
        onEvent: (l) => {
          listeners.current.add(l);
          return () => listeners.current.delete(l);
        },
      },
    [ctx],
  );

  if (!token || !value) {
    if (token && !notice) return <p class="muted center">Signing in…</p>;
    return <SignIn api={api} notice={notice} onToken={adopt} />;
  }
  const View = SCREENS[screen].view;
  return (
    <AppContext.Provider value={value}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Twinbridge</span>
        <nav aria-label="Sections">
          <ul>
            {(Object.keys(SCREENS) as ScreenName[]).map((name) => (
              <li key={name}>
                <a href={`#/${name}`} aria-current={name === screen ? 'page' : undefined}>
                  {SCREENS[name].label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class={`live ${live ? 'on' : 'off'}`} title={live ? 'Live updates connected' : 'Live updates disconnected'}>
          {live ? 'live' : 'offline'}
        </span>
        <button type="button" class="secondary" onClick={() => signOut(null)}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <View />
      </main>
      <div class="sr-only" role="status" aria-live="polite">
        {message}
      </div>
    </AppContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
