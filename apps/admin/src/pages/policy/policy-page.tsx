import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { canEdit, type AgentMode, type ChannelName, type Policy } from '../../api/account-types.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { ThresholdInput } from '../../components/threshold-input.js';
import { useLoad } from '../../components/use-load.js';
import { actorName, channelLabel, formatDateTime } from '../../format.js';
import type { PageProps } from '../page-props.js';
import { MODE_WORDS, changeInWords, toDraft, toPolicy, type PolicyDraft, type TopicDraft } from './policy-form.js';

export const POLICY_PATH = '/policy';
const MODES = (Object.keys(MODE_WORDS) as AgentMode[]).map((value) => ({ value, label: MODE_WORDS[value] }));

function ModeSelect({ id, label, value, onChange, isVoice }: { id: string; label: string; value: AgentMode; onChange: (mode: AgentMode) => void; isVoice?: boolean }) {
  return (
    <select id={id} aria-label={label} value={value} onChange={(event) => onChange(event.currentTarget.value as AgentMode)}>
      {MODES.filter((mode) => !(isVoice && mode.value === 'auto')).map((mode) => (
        <option key={mode.value} value={mode.value}>
          {mode.label}
        </option>
      ))}
    </select>
  );
}

/** What the agent may do on each channel, what it never answers, and how it speaks; with who changed it. */
export function PolicyPage({ api }: PageProps) {
  const loaded = useLoad(() => api.policy.get(), 'policy');
  const audit = useLoad(() => api.policy.audit(20), 'policy-audit');
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const isEditable = canEdit(api.who);
  useEffect(() => {
    if (loaded.data) setDraft(toDraft(loaded.data));
  }, [loaded.data]);

  const update = (change: (policy: Policy) => Policy) => setDraft((current) => (current ? { ...current, policy: change(current.policy) } : current));
  const setChannel = (channel: ChannelName, setting: Partial<Policy['channels'][ChannelName] & object>) =>
    update((policy) => ({ ...policy, channels: { ...policy.channels, [channel]: { ...(policy.channels[channel] ?? policy.defaults), ...setting } } }));
  const setTopic = (index: number, change: Partial<TopicDraft>) => setDraft((current) => (current ? { ...current, topics: current.topics.map((topic, i) => (i === index ? { ...topic, ...change } : topic)) } : current));

  if (loaded.error && !draft) return <Failure message={`The policy could not be loaded: ${reasonOf(loaded.error)}`} onRetry={loaded.reload} />;
  if (!draft) return <Loading label="Loading the policy…" />;
  const { policy } = draft;

  return (
    <div>
      <div class="page-head">
        <h1>Policy</h1>
        <p class="muted">{isEditable ? 'Changes apply to the next message the agent handles.' : 'Viewers can read the policy; an admin or owner changes it.'}</p>
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setStatus(null);
          api.policy.save(toPolicy(draft)).then(
            (saved) => {
              setDraft(toDraft(saved));
              setStatus({ kind: 'saved', text: 'Saved. The next message on each channel follows this policy.' });
              audit.reload();
            },
            (error: unknown) => setStatus({ kind: 'error', text: `Not saved: ${reasonOf(error)}` }),
          );
        }}
      >
        <fieldset disabled={!isEditable} class="policy-fieldset">
          <legend class="sr-only">The agent's policy</legend>
          <section aria-labelledby="channels-heading">
            <h2 id="channels-heading">Channels</h2>
            <p class="muted">
              An automatic reply is sent only at or above the channel's confidence threshold; below it, the agent writes a draft for a person. Without a model, a ticket is handed to a person when the knowledge found is unlikely to answer it; that hand-off cut moves with the threshold (a higher threshold hands off more), and the Activity page shows each answer's figure beside its cut. Phone calls are never answered automatically.
            </p>
            <div class="table-scroll">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Threshold</th>
                  </tr>
                </thead>
                <tbody>
                  {(Object.keys(policy.channels) as ChannelName[]).map((channel) => {
                    const setting = policy.channels[channel] ?? policy.defaults;
                    return (
                      <tr key={channel} data-channel={channel}>
                        <th scope="row">{channelLabel(channel)}</th>
                        <td>
                          <ModeSelect id={`mode-${channel}`} label={`Mode for ${channelLabel(channel)}`} value={setting.mode} isVoice={channel === 'voice'} onChange={(mode) => setChannel(channel, { mode })} />
                        </td>
                        <td>
                          <ThresholdInput label={`Threshold for ${channelLabel(channel)}`} value={setting.confidenceThreshold} onChange={(confidenceThreshold) => setChannel(channel, { confidenceThreshold })} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="topics-heading">
            <h2 id="topics-heading">Blocked topics</h2>
            <p class="muted">A message about one of these is never answered: it is escalated to the group, or moved to the channel given.</p>
            {draft.topics.map((topic, index) => (
              <fieldset class="topic" key={index}>
                <legend>{topic.name || 'New topic'}</legend>
                <label for={`topic-name-${index}`}>Name</label>
                <input id={`topic-name-${index}`} value={topic.name} onInput={(event) => setTopic(index, { name: event.currentTarget.value })} />
                <label for={`topic-keywords-${index}`}>Words and phrases (comma-separated)</label>
                <textarea id={`topic-keywords-${index}`} rows={2} value={topic.keywords} onInput={(event) => setTopic(index, { keywords: event.currentTarget.value })} />
                <label for={`topic-group-${index}`}>Escalate to group (id; empty: the escalation group)</label>
                <input id={`topic-group-${index}`} value={topic.group} onInput={(event) => setTopic(index, { group: event.currentTarget.value })} />
                <label for={`topic-handoff-${index}`}>Or move the conversation to</label>
                <select id={`topic-handoff-${index}`} value={topic.handOffTo} onChange={(event) => setTopic(index, { handOffTo: event.currentTarget.value as TopicDraft['handOffTo'] })}>
                  <option value="">Do not move it</option>
                  <option value="voice">Phone</option>
                  <option value="email">Email</option>
                  <option value="whatsapp">WhatsApp</option>
                  <option value="sms">SMS</option>
                </select>
                <button type="button" class="btn btn-small" onClick={() => setDraft({ ...draft, topics: draft.topics.filter((_, i) => i !== index) })}>
                  Remove topic {topic.name}
                </button>
              </fieldset>
            ))}
            <button type="button" class="btn" onClick={() => setDraft({ ...draft, topics: [...draft.topics, { name: '', keywords: '', group: '', handOffTo: '', rest: {} }] })}>
              Add a topic
            </button>
          </section>

          <section aria-labelledby="limits-heading">
            <h2 id="limits-heading">Limits and escalation</h2>
            <div class="field-grid">
              <label for="refund-limit">Refund limit (requests above it escalate; empty: no limit)</label>
              <input id="refund-limit" type="number" min={0} step="any" value={draft.refundLimit} onInput={(event) => setDraft({ ...draft, refundLimit: event.currentTarget.value })} />
              <label for="escalation-group">Escalation group (helpdesk group id)</label>
              <input id="escalation-group" value={policy.escalationGroupId ?? ''} onInput={(event) => update((current) => ({ ...current, escalationGroupId: event.currentTarget.value }))} />
            </div>
          </section>

          <section aria-labelledby="identity-heading">
            <h2 id="identity-heading">How the agent speaks</h2>
            <div class="field-grid">
              {(
                [
                  ['agentName', "Agent's name"],
                  ['companyName', 'Company name'],
                  ['greeting', 'Greeting ({name} is the customer\u2019s first name)'],
                  ['signOff', 'Sign-off'],
                ] as const
              ).map(([field, label]) => (
                <Fragment key={field}>
                  <label for={`identity-${field}`}>{label}</label>
                  <input id={`identity-${field}`} value={policy.identity[field] ?? ''} onInput={(event) => update((current) => ({ ...current, identity: { ...current.identity, [field]: event.currentTarget.value } }))} />
                </Fragment>
              ))}
              <label for="languages">Languages it replies in on its own (ISO codes, comma-separated; empty: any)</label>
              <input id="languages" value={draft.languages} onInput={(event) => setDraft({ ...draft, languages: event.currentTarget.value })} />
            </div>
          </section>

          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              Save policy
            </button>
          </div>
        </fieldset>
        {status ? (
          <p class={status.kind === 'error' ? 'state state-error' : 'state'} role={status.kind === 'error' ? 'alert' : 'status'}>
            {status.text}
          </p>
        ) : null}
      </form>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Changes</h2>
        {audit.error ? <Failure message={`The changes could not be loaded: ${reasonOf(audit.error)}`} onRetry={audit.reload} /> : null}
        {audit.data && audit.data.entries.length === 0 ? <p class="state state-empty">No changes yet.</p> : null}
        <ul class="plain-list audit-list">
          {(audit.data?.entries ?? []).map((entry) => (
            <li key={entry.id}>
              <strong>{actorName(entry.actor)}</strong>, {formatDateTime(entry.at)}
              <ul>
                {entry.changes.map((change) => {
                  const words = changeInWords(change);
                  return (
                    <li key={change.field}>
                      {words.isFieldName ? <code>{words.label}</code> : words.label}: {words.before} → {words.after}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
