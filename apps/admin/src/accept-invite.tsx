import { useEffect, useState } from 'preact/hooks';
import type { AuthApi } from './api/auth-api.js';
import type { LinkPreview, Session } from './api/account-types.js';
import { reasonOf } from './components/status.js';

/** The invitation page: names the workspace and role, and takes the password the new account will use. */
export function AcceptInvite({ auth, token, onSignedIn }: { auth: AuthApi; token: string; onSignedIn: (session: Session) => void }) {
  const [preview, setPreview] = useState<LinkPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    auth.previewLink(token).then(setPreview, (error: unknown) => setProblem(reasonOf(error)));
  }, [auth, token]);
  return (
    <main class="sign-in" id="content">
      <h1>Join Threadline</h1>
      {preview ? (
        <p>
          <strong>{preview.email}</strong> is invited to the workspace <strong>{preview.workspace}</strong> as {preview.role}.
        </p>
      ) : null}
      {problem ? (
        <p class="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {preview ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            auth.acceptInvite({ token, password, ...(name.trim() ? { name: name.trim() } : {}) }).then(onSignedIn, (error: unknown) => setProblem(reasonOf(error)));
          }}
        >
          <label for="invite-name">Your name (optional)</label>
          <input id="invite-name" autoComplete="name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
          <label for="invite-password">Choose a password</label>
          <input id="invite-password" type="password" autoComplete="new-password" minLength={12} required value={password} aria-describedby="invite-password-help" onInput={(event) => setPassword(event.currentTarget.value)} />
          <p id="invite-password-help" class="muted">
            At least 12 characters.
          </p>
          <button type="submit" class="btn btn-primary">
            Accept and sign in
          </button>
        </form>
      ) : null}
    </main>
  );
}
