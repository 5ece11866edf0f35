import { useState } from 'preact/hooks';
import { API_KEY_PATTERN } from './session.js';

/** Until accounts exist: the tenant's API key, kept for this browser tab only. */
export function SignIn({ notice, onSignIn }: { notice: string | null; onSignIn: (apiKey: string) => void }) {
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
          if (!API_KEY_PATTERN.test(apiKey)) {
            setProblem('An API key starts with "tl_" followed by letters and digits.');
            return;
          }
          onSignIn(apiKey);
        }}
      >
        <label for="api-key">Tenant API key</label>
        <input id="api-key" type="password" autoComplete="off" spellcheck={false} value={key} aria-invalid={problem ? true : undefined} aria-describedby="api-key-help" onInput={(event) => setKey(event.currentTarget.value)} />
        {problem ? (
          <p class="field-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <p id="api-key-help" class="muted">
          <code>threadline tenant create</code> prints the key. In demo mode, <code>.threadline/demo.json</code> holds each tenant's key and a <code>consoleUrl</code> link that signs in at once. The key
          is kept in this browser tab only and forgotten when it closes.
        </p>
        <button type="submit" class="btn btn-primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
