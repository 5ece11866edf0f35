import type { ReplayTicket } from '../../api/replays-api.js';
import { thresholdToPercent } from '../../format.js';

type Action = ReplayTicket['agent']['action'];

/** What each action means to a support lead, as the report says it. */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  reply: 'Would reply on its own',
  draft: 'Would draft for an agent',
  escalate: 'Would hand to a person',
};

/** The short form, for tables and the list of changes. */
export const ACTION_SHORT: Readonly<Record<Action, string>> = { reply: 'Reply', draft: 'Draft', escalate: 'Escalate' };

export const MODE_LABELS: Readonly<Record<'off' | 'draft' | 'auto', string>> = { off: 'Off', draft: 'Draft for an agent', auto: 'Reply automatically' };

/** Where the Knowledge page opens with the question's terms: its search, or its form to add a source. */
export function knowledgeLink(query: string, purpose: 'search' | 'add-source'): string {
  return `/knowledge?q=${encodeURIComponent(query)}#${purpose}`;
}

/** A 0..1 threshold as the percent the Policy page and the tickets' figures show: "55%". */
export function formatThreshold(value: number): string {
  return `${thresholdToPercent(value)}%`;
}
