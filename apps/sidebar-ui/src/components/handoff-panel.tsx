import { useState } from 'preact/hooks';
import type { SidebarApi } from '../api.js';
import { describeError } from '../api.js';
import type { HandoffChannel, HandoffResult } from '../api-types.js';
import type { HostBridge } from '../host-bridge.js';
import { newIdempotencyKey } from '../format.js';
import { useAnnounce } from './announcer.js';
import { SafeLink } from './safe-link.js';

const CHANNELS: ReadonlyArray<readonly [HandoffChannel, string, string]> = [
  ['voice', 'Phone (callback)', 'callback ticket'],
  ['email', 'Email', 'email follow-up ticket'],
  ['whatsapp', 'WhatsApp', 'WhatsApp follow-up ticket'],
  ['sms', 'SMS', 'SMS follow-up ticket'],
];

/**
 * "Hand off to…": continues the conversation on another channel. The server opens a follow-up
 * ticket there for the same customer (summary and open question inside), links the two tickets
 * and tells the customer on this channel what happens next.
 */
export function HandoffPanel({ api, bridge, ticketRef }: { api: SidebarApi; bridge: HostBridge; ticketRef: string }) {
  const announce = useAnnounce();
  const [channel, setChannel] = useState<HandoffChannel>('voice');
  const [question, setQuestion] = useState('');
  const [isSending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<HandoffResult | null>(null);
  // One key per attempt: a retry after a lost response does not open a second ticket.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setSending(true);
    try {
      const result = await api.handoff(ticketRef, { channel, ...(question.trim() ? { question: question.trim() } : {}) }, idempotencyKey);
      setDone(result);
      setIdempotencyKey(newIdempotencyKey());
      announce(`Handed off: ticket ${result.ticket.id} opened`);
      bridge.notify('success', `Threadline opened ticket #${result.ticket.id}`);
    } catch (cause) {
      setError(describeError(cause, bridge.hostName));
    } finally {
      setSending(false);
    }
  }

  if (done) {
    const noun = CHANNELS.find(([value]) => value === done.channel)?.[2] ?? 'follow-up ticket';
    return (
      <div class="escalated" role="status" data-testid="handed-off">
        <p>
          <strong>Handed off.</strong> The {noun}{' '}
          <SafeLink url={done.ticket.url} isExternal>
            #{done.ticket.id}
          </SafeLink>{' '}
          carries the summary and the open question; both tickets link to each other.
        </p>
        <p class="muted">The customer was told: “{done.acknowledgment}”</p>
      </div>
    );
  }
  return (
    <form class="handoff" onSubmit={submit}>
      <label class="field" for="handoff-channel">
        <span>Continue on</span>
      </label>
      <select id="handoff-channel" value={channel} onChange={(event) => setChannel(event.currentTarget.value as HandoffChannel)}>
        {CHANNELS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label class="field" for="handoff-question">
        <span>Open question (optional; by default the customer's latest)</span>
      </label>
      <textarea id="handoff-question" rows={2} maxLength={2000} value={question} onInput={(event) => setQuestion(event.currentTarget.value)} />
      <button type="submit" class="btn" disabled={isSending} aria-busy={isSending}>
        {isSending ? 'Handing off…' : 'Hand off'}
      </button>
      {error ? <p class="state state-error" role="alert">{error}</p> : null}
    </form>
  );
}
