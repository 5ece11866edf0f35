import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api/client.js';
import { createReportsApi } from './api/reports-api.js';
import { Shell } from './layout/shell.js';
import type { ConsoleApi } from './pages/page-props.js';
import { HOME_PATH, PAGES } from './pages/pages.js';
import { matchPath } from './router/match-path.js';
import { Link, navigate, useLocation } from './router/router.js';
import { takeKeyFromLocation, type SessionStore } from './session.js';
import { SignIn } from './sign-in.js';

/** The console: the sign-in screen until a key is known, then the shell with the page at the current path. */
export function ConsoleApp({ store }: { store: SessionStore }) {
  const [apiKey, setApiKey] = useState(() => takeKeyFromLocation({ location: window.location, history: window.history, store }));
  const [notice, setNotice] = useState<string | null>(null);
  // A sign-in link opened in a tab that already shows the console changes only the fragment.
  useEffect(() => {
    const onHashChange = () => {
      const key = takeKeyFromLocation({ location: window.location, history: window.history, store });
      if (key) setApiKey(key);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [store]);

  const api = useMemo<ConsoleApi | null>(() => {
    if (!apiKey) return null;
    const client = createApiClient({
      apiKey,
      onUnauthorized: (error) => {
        store.clear();
        setApiKey(null);
        setNotice(`The server did not accept this API key (${error.message}). Sign in with a current key.`);
      },
    });
    return { reports: createReportsApi(client) };
  }, [apiKey]);

  if (!api) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(key) => {
          store.save(key);
          setNotice(null);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <Pages
      api={api}
      onSignOut={() => {
        store.clear();
        setNotice(null);
        setApiKey(null);
      }}
    />
  );
}

function Pages({ api, onSignOut }: { api: ConsoleApi; onSignOut: () => void }) {
  const location = useLocation();
  const page = matchPath(location.path, PAGES);
  const isHome = location.path === '/';
  useEffect(() => {
    if (isHome) navigate(`${HOME_PATH}${location.search}`, { replace: true });
  }, [isHome, location.search]);
  useEffect(() => {
    document.title = page ? `${page.title} · Threadline` : 'Threadline';
  }, [page]);

  return (
    <Shell nav={PAGES} currentPath={page?.path ?? location.path} onSignOut={onSignOut}>
      {page ? (
        <page.component api={api} search={location.search} />
      ) : isHome ? null : (
        <div>
          <h1>No such page</h1>
          <p>
            There is no console page at <code>{location.path}</code>. Go to <Link href={HOME_PATH}>Reports</Link>.
          </p>
        </div>
      )}
    </Shell>
  );
}
