import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/**
 * A titled section of the sidebar that collapses to its heading, so the app fits a helpdesk
 * sidebar: the heading is a button (`aria-expanded`) and names the section for assistive tech.
 */
export function Panel({ id, title, children, actions, isInitiallyOpen = true }: { id: string; title: string; children: ComponentChildren; actions?: ComponentChildren; isInitiallyOpen?: boolean }) {
  const [isOpen, setOpen] = useState(isInitiallyOpen);
  return (
    <section class={`panel${isOpen ? '' : ' panel-closed'}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <div class="panel-head">
        <h2 id={`${id}-title`}>
          <button type="button" class="panel-toggle" aria-expanded={isOpen} aria-controls={`${id}-body`} onClick={() => setOpen(!isOpen)}>
            <span class="panel-caret" aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
            {title}
          </button>
        </h2>
        {isOpen ? actions : null}
      </div>
      <div id={`${id}-body`} hidden={!isOpen}>
        {children}
      </div>
    </section>
  );
}
