import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { OutcomeCell } from './drill-down.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe("the drill-down's outcome cell", () => {
  it('shows why the agent escalated, under the outcome it names', () => {
    const html = renderToString(h(OutcomeCell, { ticket: { outcome: 'handedOff', escalationReason: 'Damaged item: a person decides on a refund' } }));
    expect(text(html)).toBe('Handed off Escalated because: Damaged item: a person decides on a refund');
  });

  it('shows the outcome alone when the agent did not escalate', () => {
    expect(text(renderToString(h(OutcomeCell, { ticket: { outcome: 'drafted', escalationReason: null } })))).toBe('Drafted');
    expect(text(renderToString(h(OutcomeCell, { ticket: { outcome: null, escalationReason: null } })))).toBe('—');
  });
});
