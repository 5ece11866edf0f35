/**
 * The console's people, session and policy shapes: the server's contract types (type-only; the
 * schemas live in apps/server/src/contract/people.ts and policy.ts, published at /docs/json).
 */
import type { CreatedInviteBody, LinkPreviewBody, PeopleBody, PolicyAuditBody, PolicyBody, SessionBody, RoleName } from '@threadline/server/contract';

export type Session = SessionBody;
export type People = PeopleBody;
export type CreatedInvite = CreatedInviteBody;
export type LinkPreview = LinkPreviewBody;
export type Policy = PolicyBody;
export type PolicyAudit = PolicyAuditBody;
export type Role = RoleName;
export type ChannelName = keyof PolicyBody['channels'];
export type AgentMode = PolicyBody['defaults']['mode'];

/** Who the console speaks for: a signed-in account (with its role) or a tenant API key (a machine credential, all rights). */
export type Who = { kind: 'key' } | { kind: 'session'; email: string; role: Role; workspace: string };

/** Whether `who` may change settings (viewers may not), and people (owners and the key only). */
export const canEdit = (who: Who) => who.kind === 'key' || who.role !== 'viewer';
export const canManagePeople = (who: Who) => who.kind === 'key' || who.role === 'owner';
