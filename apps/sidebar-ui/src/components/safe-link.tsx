import type { ComponentChildren } from 'preact';
import { safeHref } from '../safe-href.js';
import { ExternalIcon } from './icons.js';

/**
 * The sidebar's only `<a href>`: a link when `safeHref` accepts the URL, plain text otherwise, so
 * a `javascript:` or `data:` URL in a citation or ticket never becomes clickable. `isExternal`
 * opens it in a new tab, with the icon and the screen-reader hint that only a real link should have.
 */
export function SafeLink({ url, class: className, label, isExternal = false, children }: {
  url: string | null | undefined;
  class?: string;
  label?: string;
  isExternal?: boolean;
  children: ComponentChildren;
}) {
  const href = safeHref(url);
  if (href === null) return <span class={className}>{children}</span>;
  if (!isExternal) {
    return (
      <a class={className} href={href} aria-label={label}>
        {children}
      </a>
    );
  }
  return (
    <a class={className} href={href} aria-label={label} target="_blank" rel="noopener noreferrer">
      {children}
      <ExternalIcon />
      <span class="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
