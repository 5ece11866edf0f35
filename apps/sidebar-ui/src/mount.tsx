import { render } from 'preact';
import { SidebarApp } from './app.js';
import type { HostBridge } from './host-bridge.js';
import { Failure } from '@threadline/ui/status';
import './styles.css';

/** Renders the sidebar into `#root` once the host bridge is ready; shows why if it never is. */
export function mount(createBridge: () => Promise<HostBridge>, hostName: string): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root element');
  createBridge().then(
    (bridge) => render(<SidebarApp bridge={bridge} />, root),
    (error: unknown) =>
      render(
        <main class="sidebar">
          <Failure message={`The Threadline app could not connect to ${hostName}: ${error instanceof Error ? error.message : String(error)}. Reload the page; if it keeps happening, reinstall the app.`} />
        </main>,
        root,
      ),
  );
}
