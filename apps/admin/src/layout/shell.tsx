import type { ComponentChildren } from 'preact';
import { Link } from '../router/router.js';

export interface ShellProps {
  nav: ReadonlyArray<{ path: string; title: string }>;
  currentPath: string;
  onSignOut: () => void;
  children: ComponentChildren;
}

/** The frame every page sits in: skip link, brand, navigation, sign-out, and the page. */
export function Shell({ nav, currentPath, onSignOut, children }: ShellProps) {
  return (
    <div class="shell">
      <a class="skip-link" href="#content">
        Skip to the page
      </a>
      <header class="topbar">
        <p class="brand">Threadline</p>
        <nav aria-label="Console">
          <ul class="nav-list">
            {nav.map((item) => (
              <li key={item.path}>
                <Link href={item.path} class="nav-link" current={item.path === currentPath ? 'page' : undefined}>
                  {item.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="btn btn-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
