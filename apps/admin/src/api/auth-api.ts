import { createApiClient, type ApiClient } from './client.js';
import type { LinkPreview, Session } from './account-types.js';

/** Signing in and out: calls made before (or while ending) a session, so a 401 is an answer, not a sign-out. */
export interface AuthApi {
  /** The browser's session, or null when it is not signed in. */
  session(): Promise<Session | null>;
  signIn(input: { workspace: string; email: string; password: string }): Promise<Session>;
  openSignInLink(token: string): Promise<Session>;
  previewLink(token: string): Promise<LinkPreview>;
  acceptInvite(input: { token: string; password: string; name?: string }): Promise<Session>;
  signOut(csrfToken: string): Promise<void>;
}

export function createAuthApi(fetchImpl?: typeof fetch): AuthApi {
  const client: ApiClient = createApiClient({ apiKey: null, onUnauthorized: () => {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return {
    session: async () => (await client.json<{ session: Session | null }>('/v1/auth/session')).session,
    // Only the documented fields: the sign-in form hands its whole request (with `kind`), which the server refuses.
    signIn: (input) => client.write('POST', '/v1/auth/sign-in', { workspace: input.workspace, email: input.email, password: input.password }),
    openSignInLink: (token) => client.write('POST', '/v1/auth/links/sign-in', { token }),
    previewLink: (token) => client.write('POST', '/v1/auth/links/preview', { token }),
    acceptInvite: (input) => client.write('POST', '/v1/auth/invites/accept', input),
    signOut: async (csrfToken) => {
      await createApiClient({ apiKey: null, csrfToken, onUnauthorized: () => {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) }).write('POST', '/v1/auth/sign-out');
    },
  };
}
