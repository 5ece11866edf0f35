import { useState } from 'preact/hooks';
import { answerDecisionWords } from '@threadline/vocabulary';
import type { SidebarApi } from '../api.js';
import { describeError } from '../api.js';
import type { RewriteStyle, Suggestion } from '../api-types.js';
import type { HostBridge } from '../host-bridge.js';
import { draftTexts, guardrailWords, TRANSLATE_LANGUAGES } from '../format.js';
import { useAnnounce } from './announcer.js';
import { CitationList, CitedText } from './cited-text.js';
import { ThumbIcon } from './icons.js';

const STYLES: ReadonlyArray<readonly [RewriteStyle, string]> = [
  ['shorter', 'Shorter'],
  ['friendlier', 'Friendlier'],
  ['more_formal', 'More formal'],
  ['translate', 'Translate'],
];

function RewriteForm({ onRewrite, isBusy }: { onRewrite: (style: RewriteStyle, language?: string) => void; isBusy: boolean }) {
  const [style, setStyle] = useState<RewriteStyle>('shorter');
  const [language, setLanguage] = useState('es');
  return (
    <form
      class="rewrite"
      onSubmit={(event) => {
        event.preventDefault();
        onRewrite(style, style === 'translate' ? language : undefined);
      }}
    >
      <fieldset>
        <legend>Rewrite the draft</legend>
        {STYLES.map(([value, label]) => (
          <label key={value} class="radio">
            <input type="radio" name="rewrite-style" value={value} checked={style === value} onChange={() => setStyle(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {style === 'translate' ? (
        <label class="field">
          <span>Language</span>
          <select value={language} onChange={(event) => setLanguage(event.currentTarget.value)}>
            {TRANSLATE_LANGUAGES.map(([tag, name]) => (
              <option key={tag} value={tag}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit" class="btn btn-small" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? 'Rewriting…' : 'Apply rewrite'}
      </button>
    </form>
  );
}

const REASONS = ['Wrong or outdated information', "Doesn't answer the question", 'Wrong tone or wording', 'Other'] as const;

/** Asks why a draft was not helpful; the reason is stored with the feedback for whoever tunes the knowledge. */
function ReasonForm({ onSend, onSkip }: { onSend: (reason: string) => void; onSkip: () => void }) {
  const [choice, setChoice] = useState<string>(REASONS[0]);
  const [detail, setDetail] = useState('');
  return (
    <form
      class="reason-form"
      data-testid="feedback-reason"
      onSubmit={(event) => {
        event.preventDefault();
        onSend(detail.trim() ? `${choice}: ${detail.trim()}` : choice);
      }}
    >
      <label class="field" for="feedback-why">
        <span>What was wrong with this draft?</span>
      </label>
      <select id="feedback-why" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
        {REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {reason}
          </option>
        ))}
      </select>
      <textarea aria-label="Details (optional)" placeholder="Details (optional)" rows={2} maxLength={1500} value={detail} onInput={(event) => setDetail(event.currentTarget.value)} />
      <span class="reason-actions">
        <button type="submit" class="btn btn-small">
          Send
        </button>
        <button type="button" class="btn btn-small" onClick={onSkip}>
          Skip
        </button>
      </span>
    </form>
  );
}

/** The cited draft with Insert, Rewrite and thumbs up/down (a thumbs-down asks why). */
export function SuggestionView({ suggestion, api, bridge, ticketRef }: { suggestion: Suggestion; api: SidebarApi; bridge: HostBridge; ticketRef: string }) {
  const announce = useAnnounce();
  // Handed off below the cut, the agent taking the ticket over starts from what the knowledge said, not the holding reply.
  const closest = suggestion.action === 'escalate' ? suggestion.closestAnswer : undefined;
  const base = closest ?? { replyText: suggestion.replyText, citedText: suggestion.citedText };
  const [text, setText] = useState(base.replyText);
  const [isRewriteOpen, setRewriteOpen] = useState(false);
  const [isRewriting, setRewriting] = useState(false);
  const [rewriteNote, setRewriteNote] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<'helpful' | 'unhelpful' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isInserting, setInserting] = useState(false);
  const [isAskingWhy, setAskingWhy] = useState(false);
  const [confirmation, setConfirmation] = useState<string | null>(null);

  async function insert() {
    setError(null);
    setInserting(true);
    try {
      await bridge.insertIntoEditor(draft.inserted);
      announce('Draft inserted into the reply editor');
      bridge.notify('success', 'Threadline draft inserted');
      api.feedback(suggestion.answerId, 'used').catch(() => {});
    } catch (cause) {
      setError(`Could not insert into the reply editor (${cause instanceof Error ? cause.message : String(cause)}). Open the reply editor, then try again.`);
    } finally {
      setInserting(false);
    }
  }

  async function rewrite(style: RewriteStyle, targetLanguage?: string) {
    setError(null);
    setRewriting(true);
    try {
      const result = await api.rewrite(ticketRef, { text, style, ...(targetLanguage ? { targetLanguage } : {}) });
      setText(result.text);
      setRewriteNote(result.isAvailable ? null : (result.note ?? 'This rewrite is not available; the draft is unchanged.'));
      announce(result.isAvailable ? 'Draft rewritten' : 'Rewrite not available; the draft is unchanged');
    } catch (cause) {
      setError(describeError(cause, bridge.hostName));
    } finally {
      setRewriting(false);
    }
  }

  async function rate(next: 'helpful' | 'unhelpful', reason?: string) {
    setError(null);
    try {
      await api.feedback(suggestion.answerId, next, reason ? { reason } : {});
      setVerdict(next);
      setAskingWhy(false);
      setConfirmation(next === 'helpful' ? 'Thanks: recorded as helpful.' : reason ? 'Thanks: recorded as not helpful, with your reason.' : 'Thanks: recorded as not helpful.');
      announce('Thanks, your feedback was recorded');
    } catch (cause) {
      setError(describeError(cause, bridge.hostName));
    }
  }

  const draft = draftTexts(base, text);
  // The figure the action was decided on, with its cut where it held the answer back; marked when it did, or is low.
  const figure = answerDecisionWords(suggestion);
  const isWeak = suggestion.decision ? suggestion.decision.outcome !== null || suggestion.decision.value < 0.5 : suggestion.confidence < 0.5;
  return (
    <div class="suggestion">
      <p class="meta">
        <span class={`badge${isWeak ? ' badge-warn' : ''}`} data-testid="decision">
          {figure.charAt(0).toUpperCase()}
          {figure.slice(1)}
        </span>
        {suggestion.path === 'offline' ? <span class="badge">Offline answer path</span> : null}
        {suggestion.language !== 'en' ? <span class="badge">{suggestion.language}</span> : null}
      </p>
      {suggestion.action === 'escalate' && suggestion.escalation ? (
        <p class="notice">
          Threadline would escalate this ticket. {suggestion.escalation.reason}
          {closest ? ' The closest answer in the knowledge base is below: check that it answers the question before sending it.' : ''}
        </p>
      ) : null}
      {suggestion.guardrails.length > 0 ? (
        <p class="muted" data-testid="guardrails">
          Checks that held this draft for review: {guardrailWords(suggestion.guardrails).join(' · ')}
        </p>
      ) : null}
      <div class="draft" data-testid="draft-text">
        <CitedText text={draft.shown} citations={suggestion.citations} idPrefix="draft-source" />
      </div>
      {rewriteNote ? <p class="notice">{rewriteNote}</p> : null}
      <h3 class="subhead">Sources</h3>
      <CitationList citations={suggestion.citations} idPrefix="draft-source" />
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={insert} disabled={isInserting}>
          Insert
        </button>
        <button type="button" class="btn" aria-expanded={isRewriteOpen} aria-controls="rewrite-form" onClick={() => setRewriteOpen(!isRewriteOpen)}>
          Rewrite
        </button>
        {text !== base.replyText ? (
          <button type="button" class="btn" onClick={() => { setText(base.replyText); setRewriteNote(null); announce('Original draft restored'); }}>
            Undo
          </button>
        ) : null}
        <span class="thumbs" role="group" aria-label="Was this draft helpful?">
          <button type="button" class="btn btn-icon" aria-pressed={verdict === 'helpful'} onClick={() => rate('helpful')} title="Helpful">
            <ThumbIcon direction="up" />
            <span class="sr-only">Helpful</span>
          </button>
          <button type="button" class="btn btn-icon" aria-pressed={verdict === 'unhelpful'} aria-expanded={isAskingWhy} onClick={() => { setConfirmation(null); setAskingWhy(true); }} title="Not helpful">
            <ThumbIcon direction="down" />
            <span class="sr-only">Not helpful</span>
          </button>
        </span>
      </div>
      {isAskingWhy ? <ReasonForm onSend={(reason) => rate('unhelpful', reason)} onSkip={() => rate('unhelpful')} /> : null}
      {confirmation ? (
        <p class="confirm" role="status" data-testid="feedback-confirmation">
          {confirmation}
        </p>
      ) : null}
      {isRewriteOpen ? (
        <div id="rewrite-form">
          <RewriteForm onRewrite={rewrite} isBusy={isRewriting} />
        </div>
      ) : null}
      {error ? <p class="state state-error" role="alert">{error}</p> : null}
    </div>
  );
}
