import type { ComponentChildren } from 'preact';

/** A titled section of the sidebar; the heading names it for assistive tech. */
export function Panel({ id, title, children, actions }: { id: string; title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <div class="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
