import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A small history router: the console's pages are real paths (/reports, later /knowledge, …), the
 * server answers any of them with the console, and each page keeps its filters in the query string
 * so a view can be reloaded, bookmarked and shared.
 */
const CHANGE_EVENT = 'threadline:navigate';

export interface ConsoleLocation {
  path: string;
  search: string;
}

function current(): ConsoleLocation {
  return { path: window.location.pathname, search: window.location.search };
}

/** Goes to a console URL without reloading; `replace` rewrites the current history entry (filters). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** The current path and query, re-rendering on every navigation (links, back/forward). */
export function useLocation(): ConsoleLocation {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE_EVENT, update);
    };
  }, []);
  return location;
}

/** A click the router may take over: the main button, no modifier (those open tabs or windows). */
export function isPlainLeftClick(event: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented'>): boolean {
  return !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** An in-console link: a real `<a href>` (open in a new tab works), navigated without a reload. */
export function Link({ href, children, class: className, current }: { href: string; children: ComponentChildren; class?: string; current?: 'page' | undefined }) {
  return (
    <a
      href={href}
      class={className}
      aria-current={current}
      onClick={(event) => {
        if (!isPlainLeftClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
