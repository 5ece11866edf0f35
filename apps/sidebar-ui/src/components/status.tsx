import type { ComponentChildren } from 'preact';

/** A section that is loading: says what it waits for (screen readers get it via aria-busy + text). */
export function Loading({ label }: { label: string }) {
  return (
    <p class="state state-loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** Nothing to show, and what the agent can do about it. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

/** A failed section with the reason, what to do, and a retry button. */
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
