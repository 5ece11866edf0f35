import { useState } from 'preact/hooks';
import { canManagePeople, type CreatedInvite, type Role } from '../../api/account-types.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatDateTime } from '../../format.js';
import type { PageProps } from '../page-props.js';

export const PEOPLE_PATH = '/people';
const ROLES: readonly Role[] = ['owner', 'admin', 'viewer'];
const ROLE_HELP: Record<Role, string> = { owner: 'everything, including people', admin: 'every setting', viewer: 'reads only' };

/** Members and their roles, open invitations, and (for owners) inviting, re-roling and removing. */
export function PeoplePage({ api }: PageProps) {
  const people = useLoad(() => api.people.list(), 'people');
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('admin');
  const canManage = canManagePeople(api.who);
  const act = (action: () => Promise<unknown>) => {
    setProblem(null);
    action().then(people.reload, (error: unknown) => setProblem(reasonOf(error)));
  };

  return (
    <div>
      <div class="page-head">
        <h1>People</h1>
        <p class="muted">{canManage ? 'Owners invite people and choose what they may do.' : 'Only owners invite people or change roles.'}</p>
      </div>
      {problem ? (
        <p class="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {people.error ? <Failure message={`The people could not be loaded: ${reasonOf(people.error)}`} onRetry={people.reload} /> : null}
      {!people.data && people.isLoading ? <Loading label="Loading people…" /> : null}
      {people.data ? (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <div class="table-scroll">
            <table class="data-table card-rows">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Member since</th>
                  {canManage ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {people.data.members.map((person) => (
                  <tr key={person.id}>
                    <td data-label="Email">{person.email}</td>
                    <td data-label="Name">{person.name ?? '—'}</td>
                    <td data-label="Role">
                      {canManage ? (
                        <select aria-label={`Role of ${person.email}`} value={person.role} onChange={(event) => act(() => api.people.changeRole(person.id, event.currentTarget.value as Role))}>
                          {ROLES.map((option) => (
                            <option key={option} value={option}>
                              {option}
                            </option>
                          ))}
                        </select>
                      ) : (
                        person.role
                      )}
                    </td>
                    <td data-label="Member since">{formatDateTime(person.createdAt)}</td>
                    {canManage ? (
                      <td data-label="Actions">
                        <button type="button" class="btn btn-small" onClick={() => act(() => api.people.remove(person.id))} aria-label={`Remove ${person.email}`}>
                          Remove
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Open invitations</h2>
          {people.data.invites.length === 0 ? <p class="state state-empty">No open invitations.</p> : null}
          {people.data.invites.length > 0 ? (
            <ul class="plain-list">
              {people.data.invites.map((invite) => (
                <li key={invite.id}>
                  {invite.email} as {invite.role}, invited by {invite.invitedBy}, open until {formatDateTime(invite.expiresAt)}{' '}
                  {canManage ? (
                    <button type="button" class="btn btn-small" onClick={() => act(() => api.people.cancelInvite(invite.id))} aria-label={`Withdraw the invitation of ${invite.email}`}>
                      Withdraw
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {canManage ? (
        <section aria-labelledby="invite-heading" class="panel">
          <h2 id="invite-heading">Invite someone</h2>
          <form
            class="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              setCreated(null);
              act(async () => {
                setCreated(await api.people.invite({ email: email.trim(), role }));
                setEmail('');
              });
            }}
          >
            <label for="invite-email">Email</label>
            <input id="invite-email" type="email" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
            <label for="invite-role">Role</label>
            <select id="invite-role" value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {option}: {ROLE_HELP[option]}
                </option>
              ))}
            </select>
            <button type="submit" class="btn btn-primary">
              Create invitation
            </button>
          </form>
          {created ? (
            <div class="state" role="status">
              <p>
                Send this link to {created.invite.email}. It works once, until {formatDateTime(created.invite.expiresAt)}, and is not shown again:
              </p>
              <input class="invite-link" aria-label="Invitation link" readOnly value={`${window.location.origin}${created.path}`} onFocus={(event) => event.currentTarget.select()} />
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
