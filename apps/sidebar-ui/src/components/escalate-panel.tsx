import { useState } from 'preact/hooks';
import type { SidebarApi } from '../api.js';
import { describeError } from '../api.js';
import type { EscalateResult, EscalationPriority, Group } from '../api-types.js';
import type { HostBridge } from '../host-bridge.js';
import { newIdempotencyKey } from '../format.js';
import { useAnnounce } from './announcer.js';

const PRIORITIES: ReadonlyArray<readonly [EscalationPriority | '', string]> = [
  ['', 'Keep as is'],
  ['low', 'Low'],
  ['normal', 'Normal'],
  ['high', 'High'],
  ['urgent', 'Urgent'],
];

/**
 * Hands the ticket to a person: routes it (tenant policy's escalation group) and adds the
 * customer's cross-channel story as an internal note.
 */
export function EscalatePanel({ api, bridge, ticketRef, suggestedReason }: { api: SidebarApi; bridge: HostBridge; ticketRef: string; suggestedReason?: string }) {
  const announce = useAnnounce();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState(suggestedReason ?? '');
  const [priority, setPriority] = useState<EscalationPriority | ''>('');
  const [isSending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<EscalateResult | null>(null);
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [groupId, setGroupId] = useState('');

  function open() {
    setOpen(!isOpen);
    // The helpdesk's groups, read when the form is first opened; without them the tenant's default applies.
    if (!isOpen && groups === null) api.groups().then(setGroups, () => setGroups([]));
  }
  // One key per attempt: a retry after a lost response does not escalate twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  async function submit(event: Event) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError('Say in a few words why this needs a person (at least 3 characters).');
      return;
    }
    setError(null);
    setSending(true);
    try {
      const result = await api.escalate(ticketRef, { reason: reason.trim(), ...(priority ? { priority } : {}), ...(groupId ? { groupId } : {}) }, idempotencyKey);
      setDone(result);
      setIdempotencyKey(newIdempotencyKey());
      announce(result.group ? `Ticket escalated to ${result.group.name}` : 'Ticket escalated; an internal note with the customer story was added');
      bridge.notify('success', 'Ticket escalated by Threadline');
    } catch (cause) {
      setError(describeError(cause, bridge.hostName));
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <div class="escalated" role="status" data-testid="escalated">
        <p>
          <strong>{done.group ? `Escalated to ${done.group.name}.` : 'Escalated.'}</strong>{' '}
          {done.group ? `The ticket is now in the ${done.group.name} group` : 'The ticket stayed in its group'}, with an internal note telling the customer's story. Refresh the ticket in {bridge.hostName} to see it.
        </p>
        <p class="muted">{done.summary}</p>
      </div>
    );
  }
  return (
    <div class="escalate">
      <button type="button" class="btn" aria-expanded={isOpen} aria-controls="escalate-form" onClick={open}>
        Escalate…
      </button>
      {isOpen ? (
        <form id="escalate-form" onSubmit={submit}>
          <label class="field" for="escalate-reason">
            <span>Reason</span>
          </label>
          <textarea id="escalate-reason" rows={3} required minLength={3} maxLength={2000} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
          <label class="field">
            <span>Send to group</span>
            <select value={groupId} onChange={(event) => setGroupId(event.currentTarget.value)} disabled={groups === null}>
              <option value="">{groups === null ? 'Loading groups…' : 'Default escalation group'}</option>
              {(groups ?? []).map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Priority (optional)</span>
            <select value={priority} onChange={(event) => setPriority(event.currentTarget.value as EscalationPriority | '')}>
              {PRIORITIES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="btn btn-danger" disabled={isSending} aria-busy={isSending}>
            {isSending ? 'Escalating…' : 'Escalate ticket'}
          </button>
          {error ? <p class="state state-error" role="alert">{error}</p> : null}
        </form>
      ) : null}
    </div>
  );
}
