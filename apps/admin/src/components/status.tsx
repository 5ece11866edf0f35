import { ConsoleApiError } from '../api/client.js';

/** Something is loading: says what (announced politely to screen readers). */
export function Loading({ label }: { label: string }) {
  return (
    <p class="state state-loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** The reason a call failed, in the server's words where it gave some. */
export function reasonOf(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A failed section: the reason and a retry button. */
export function Failure({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>
        {what}: {reasonOf(error)}
      </p>
      {onRetry ? (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
