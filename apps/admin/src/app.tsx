import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api/client.js';
import { createReportsApi } from './api/reports-api.js';
import { createPeopleApi } from './api/people-api.js';
import { createPolicyApi } from './api/policy-api.js';
import { createKnowledgeApi } from './api/knowledge-api.js';
import { createReplaysApi } from './api/replays-api.js';
import { createConnectionApi } from './api/connection-api.js';
import { createActivityApi } from './api/activity-api.js';
import { createAuthApi } from './api/auth-api.js';
import type { Session } from './api/account-types.js';
import { Shell } from './layout/shell.js';
import type { ConsoleApi } from './pages/page-props.js';
import { HOME_PATH, PAGES } from './pages/pages.js';
import { matchPath } from './router/match-path.js';
import { Link, navigate, useLocation } from './router/router.js';
import { takeKeyFromLocation, type SessionStore } from './session.js';
import { SignIn, type SignInRequest } from './sign-in.js';
import { AcceptInvite } from './accept-invite.js';
import { Loading, reasonOf } from './components/status.js';

/** How the console is signed in: a console account's cookie session, or a tenant API key. */
type Credential = { kind: 'session'; session: Session } | { kind: 'key'; apiKey: string };

/** The token of a link the console was opened with (`/sign-in/link#token=…`, `/invite#token=…`), taken out of the address bar. */
function takeLinkToken(path: string): string | null {
  if (window.location.pathname !== path) return null;
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/** The console: signs in (link, invitation, saved key or cookie session), then the shell with the page at the current path. */
export function ConsoleApp({ store }: { store: SessionStore }) {
  const auth = useMemo(() => createAuthApi(), []);
  const [credential, setCredential] = useState<Credential | null>(null);
  const [isChecking, setIsChecking] = useState(true);
  const [inviteToken, setInviteToken] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const startSession = (session: Session) => {
    setCredential({ kind: 'session', session });
    setNotice(null);
    setInviteToken(null);
    navigate(HOME_PATH, { replace: true });
  };

  useEffect(() => {
    const linkToken = takeLinkToken('/sign-in/link');
    const invite = takeLinkToken('/invite');
    const apiKey = takeKeyFromLocation({ location: window.location, history: window.history, store });
    const done = () => setIsChecking(false);
    if (linkToken) {
      auth.openSignInLink(linkToken).then(startSession, (error: unknown) => setNotice(`This sign-in link did not work: ${reasonOf(error)}`)).finally(done);
    } else if (invite) {
      setInviteToken(invite);
      done();
    } else if (apiKey) {
      setCredential({ kind: 'key', apiKey });
      done();
    } else {
      // A signed-in account's cookie is invisible to script: ask the server who this is.
      auth
        .session()
        .then((session) => (session ? setCredential({ kind: 'session', session }) : undefined), (error: unknown) => setNotice(reasonOf(error)))
        .finally(done);
    }
    // A sign-in link opened in a tab that already shows the console changes only the fragment.
    const onHashChange = () => {
      const key = takeKeyFromLocation({ location: window.location, history: window.history, store });
      if (key) setCredential({ kind: 'key', apiKey: key });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [store, auth]);

  const api = useMemo<ConsoleApi | null>(() => {
    if (!credential) return null;
    const client = createApiClient({
      apiKey: credential.kind === 'key' ? credential.apiKey : null,
      ...(credential.kind === 'session' ? { csrfToken: credential.session.csrfToken } : {}),
      onUnauthorized: (error) => {
        store.clear();
        setCredential(null);
        setNotice(credential.kind === 'key' ? `The server did not accept this API key (${error.message}). Sign in with a current key.` : `${error.message}.`);
      },
    });
    const who: ConsoleApi['who'] =
      credential.kind === 'key' ? { kind: 'key' } : { kind: 'session', email: credential.session.member.email, role: credential.session.member.role, workspace: credential.session.workspace.slug };
    return { reports: createReportsApi(client), people: createPeopleApi(client), policy: createPolicyApi(client), knowledge: createKnowledgeApi(client), replays: createReplaysApi(client), connection: createConnectionApi(client), activity: createActivityApi(client), who };
  }, [credential]);

  if (isChecking) {
    return (
      <main class="sign-in" id="content">
        <h1>Threadline</h1>
        <Loading label="Signing in…" />
      </main>
    );
  }
  if (inviteToken) return <AcceptInvite auth={auth} token={inviteToken} onSignedIn={startSession} />;
  if (!api || !credential) {
    return (
      <SignIn
        notice={notice}
        onSignIn={async (request: SignInRequest) => {
          if (request.kind === 'key') {
            store.save(request.apiKey);
            setNotice(null);
            setCredential({ kind: 'key', apiKey: request.apiKey });
            return;
          }
          try {
            startSession(await auth.signIn(request));
          } catch (error) {
            setNotice(reasonOf(error));
          }
        }}
      />
    );
  }
  return (
    <Pages
      api={api}
      onSignOut={async () => {
        if (credential.kind === 'session') await auth.signOut(credential.session.csrfToken).catch(() => undefined);
        store.clear();
        setNotice(null);
        setCredential(null);
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
