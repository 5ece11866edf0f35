import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { SidebarApp } from '../app.js';
import { createDevBridge, signDevToken } from '../bridges/dev-bridge.js';
import '../styles.css';

const TOKEN_KEY = 'threadline.devToken';

function readStart(): { ticket: string; token: string; tenant: string } {
  const query = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  return {
    ticket: query.get('ticket') ?? '',
    tenant: query.get('tenant') ?? 'northwind-zendesk',
    token: hash.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '',
  };
}

/** The dev page: pick a ticket and a token, then the real sidebar runs against this server. */
function DevShell() {
  const start = useMemo(readStart, []);
  const [ticket, setTicket] = useState(start.ticket);
  const [token, setToken] = useState(start.token);
  const [tenant, setTenant] = useState(start.tenant);
  const [secret, setSecret] = useState('');
  const [editor, setEditor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<{ ticket: string; token: string } | null>(start.ticket && start.token ? { ticket: start.ticket, token: start.token } : null);

  const bridge = useMemo(
    () =>
      opened
        ? createDevBridge({
            serviceUrl: location.origin,
            token: opened.token,
            ticket: { id: opened.ticket },
            appendToEditor: (text) => setEditor((current) => (current ? `${current}\n${text}` : text)),
          })
        : null,
    [opened],
  );

  async function sign() {
    setError(null);
    try {
      const signed = await signDevToken({ tenant, secret, agentId: 'dev-agent', name: 'Dev Agent' });
      setToken(signed);
    } catch (cause) {
      setError(`Could not sign: ${String(cause)}`);
    }
  }

  function open(event: Event) {
    event.preventDefault();
    if (!ticket.trim() || !token.trim()) {
      setError('Enter a ticket id and a token (or sign one with the tenant and its sidebar secret).');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    setOpened({ ticket: ticket.trim(), token: token.trim() });
  }

  return (
    <div class="dev-layout">
      <div class="dev-host">
        <h1>Threadline sidebar (dev)</h1>
        <form onSubmit={open} class="dev-form">
          <label class="field" for="dev-ticket"><span>Ticket id (in the helpdesk)</span></label>
          <input id="dev-ticket" value={ticket} onInput={(event) => setTicket(event.currentTarget.value)} />
          <label class="field" for="dev-token"><span>Sidebar token</span></label>
          <textarea id="dev-token" rows={3} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
          <details>
            <summary>Sign a token with a tenant's sidebar secret</summary>
            <label class="field" for="dev-tenant"><span>Tenant slug</span></label>
            <input id="dev-tenant" value={tenant} onInput={(event) => setTenant(event.currentTarget.value)} />
            <label class="field" for="dev-secret"><span>Sidebar secret (demo mode: .threadline/demo.json)</span></label>
            <input id="dev-secret" type="password" value={secret} onInput={(event) => setSecret(event.currentTarget.value)} />
            <button type="button" class="btn btn-small" onClick={sign}>Sign token</button>
          </details>
          <button type="submit" class="btn btn-primary">Open sidebar</button>
          {error ? <p class="state state-error" role="alert">{error}</p> : null}
        </form>
        <label class="field" for="dev-editor"><span>Reply editor (stands in for the helpdesk's)</span></label>
        <textarea id="dev-editor" rows={8} value={editor} onInput={(event) => setEditor(event.currentTarget.value)} />
      </div>
      <div class="dev-sidebar">{bridge ? <SidebarApp key={`${opened?.ticket}:${opened?.token}`} bridge={bridge} /> : <p class="muted">Enter a ticket and a token to open the sidebar.</p>}</div>
    </div>
  );
}

render(<DevShell />, document.getElementById('root')!);
