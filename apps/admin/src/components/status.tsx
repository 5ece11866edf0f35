import { ConsoleApiError } from '../api/client.js';

/** The section states are drawn as in the sidebar: one component set in `@threadline/ui`. */
export { Empty, Failure, Loading } from '@threadline/ui/status';

/** The reason a call failed, in the server's words where it gave some. */
export function reasonOf(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Why the last action did not work, announced as an alert; nothing when there is no problem. */
export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p class="state state-error" role="alert">
      {text}
    </p>
  ) : null;
}
