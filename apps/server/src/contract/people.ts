import Type, { type Static } from 'typebox';

export const RoleName = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('viewer')], {
  description: 'owner: everything, including people; admin: every setting; viewer: reads only (every write answers 403)',
});
export type RoleName = Static<typeof RoleName>;

const Email = Type.String({ format: 'email', maxLength: 254 });

export const SignInBody = Type.Object(
  {
    workspace: Type.String({ minLength: 1, maxLength: 64, description: 'The tenant slug, e.g. "northwind-zendesk"' }),
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

/** Who is signed in, and the token every write must echo in X-CSRF-Token. */
export const SessionBody = Type.Object({
  workspace: Type.Object({ slug: Type.String(), name: Type.String() }),
  member: Type.Object({ id: Type.String(), email: Type.String(), name: Type.Union([Type.String(), Type.Null()]), role: RoleName }),
  csrfToken: Type.String({ description: 'Send it back in the X-CSRF-Token header of every write' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type SessionBody = Static<typeof SessionBody>;

/** Whether this browser is signed in: asked on every console start, so "no" is an answer, not a 401. */
export const CurrentSessionBody = Type.Object({ session: Type.Union([SessionBody, Type.Null()]) });
export type CurrentSessionBody = Static<typeof CurrentSessionBody>;

export const LinkTokenBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) }, { additionalProperties: false });
export type LinkTokenBody = Static<typeof LinkTokenBody>;

export const AcceptInviteBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 1024 }), name: Type.Optional(Type.String({ maxLength: 120 })) },
  { additionalProperties: false },
);
export type AcceptInviteBody = Static<typeof AcceptInviteBody>;

export const LinkPreviewBody = Type.Object({
  kind: Type.Union([Type.Literal('invite'), Type.Literal('sign_in')]),
  workspace: Type.String(),
  email: Type.String(),
  role: RoleName,
  expiresAt: Type.String({ format: 'date-time' }),
});
export type LinkPreviewBody = Static<typeof LinkPreviewBody>;

export const MemberBody = Type.Object({ id: Type.String(), email: Type.String(), name: Type.Union([Type.String(), Type.Null()]), role: RoleName, createdAt: Type.String({ format: 'date-time' }) });
export type MemberBody = Static<typeof MemberBody>;

export const InviteBody = Type.Object({ id: Type.String(), email: Type.String(), role: RoleName, invitedBy: Type.String(), createdAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }) });
export type InviteBody = Static<typeof InviteBody>;

export const PeopleBody = Type.Object({ members: Type.Array(MemberBody), invites: Type.Array(InviteBody) });
export type PeopleBody = Static<typeof PeopleBody>;

export const NewInviteBody = Type.Object({ email: Email, role: RoleName }, { additionalProperties: false });
export type NewInviteBody = Static<typeof NewInviteBody>;

export const CreatedInviteBody = Type.Object({
  invite: InviteBody,
  path: Type.String({ description: 'The invitation link, relative to the console (shown once; the token is in the fragment)' }),
});
export type CreatedInviteBody = Static<typeof CreatedInviteBody>;

export const RoleChangeBody = Type.Object({ role: RoleName }, { additionalProperties: false });
export type RoleChangeBody = Static<typeof RoleChangeBody>;
