import { useState } from 'preact/hooks';
import { API_KEY_PATTERN } from './session.js';

export type SignInRequest = { kind: 'password'; workspace: string; email: string; password: string } | { kind: 'key'; apiKey: string };

/**
 * One form, two ways in: a console account (workspace, email, password), or a tenant API key (the
 * machine credential, kept in this tab only). The key field wins when it is filled.
 */
export function SignIn({ notice, onSignIn }: { notice: string | null; onSignIn: (request: SignInRequest) => void | Promise<void> }) {
  const [workspace, setWorkspace] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <main class="sign-in" id="content">
      <h1>Sign in to Threadline</h1>
      {notice ? (
        <p class="state state-error" role="alert">
          {notice}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const apiKey = key.trim();
          if (apiKey) {
            if (!API_KEY_PATTERN.test(apiKey)) {
              setProblem('An API key starts with "tl_" followed by letters and digits.');
              return;
            }
            setProblem(null);
            void onSignIn({ kind: 'key', apiKey });
            return;
          }
          if (!workspace.trim() || !email.trim() || !password) {
            setProblem('Enter your workspace, email and password, or a tenant API key.');
            return;
          }
          setProblem(null);
          void onSignIn({ kind: 'password', workspace: workspace.trim(), email: email.trim(), password });
        }}
      >
        <fieldset class="sign-in-group">
          <legend>Your account</legend>
          <label for="workspace">Workspace</label>
          <input id="workspace" autoComplete="organization" spellcheck={false} value={workspace} onInput={(event) => setWorkspace(event.currentTarget.value)} aria-describedby="workspace-help" />
          <p id="workspace-help" class="muted">
            The short name in your invitation, e.g. <code>northwind-zendesk</code>.
          </p>
          <label for="email">Email</label>
          <input id="email" type="email" autoComplete="username" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
          <label for="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        </fieldset>
        <fieldset class="sign-in-group">
          <legend>Or a tenant API key</legend>
          <label for="api-key">Tenant API key</label>
          <input id="api-key" type="password" autoComplete="off" spellcheck={false} value={key} aria-invalid={problem ? true : undefined} aria-describedby="api-key-help" onInput={(event) => setKey(event.currentTarget.value)} />
          <p id="api-key-help" class="muted">
            <code>threadline tenant create</code> prints the key; it is kept in this browser tab only. In demo mode, the server's log and <code>.threadline/demo.json</code> hold a one-time
            sign-in link per workspace.
          </p>
        </fieldset>
        {problem ? (
          <p class="field-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
