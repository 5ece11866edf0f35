import type { ComponentChildren } from 'preact';

/**
 * The states every UI section goes through, drawn the same way in the sidebar and the console
 * (classes styled by `base.css`). Announced to screen readers: loading as a status, failure as an alert.
 */

/** A section that is loading: says what it waits for. */
export function Loading({ label }: { label: string }) {
  return (
    <p class="state state-loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** Nothing to show, and what the reader can do about it. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

/** A failed section: the reason (and what to do), with a retry button when it can be retried. */
export function Failure({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
