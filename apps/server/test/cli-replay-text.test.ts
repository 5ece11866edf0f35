import { describe, expect, it } from 'vitest';
import { replayReportText, type ReplayResult } from '../src/cli/replay-command.js';

const report: ReplayResult = {
  tickets: 2,
  actions: { reply: 0, draft: 1, escalate: 1 },
  meanOverlap: 0.0432,
  citationRate: 1,
  knowledgeGaps: 1,
  items: [
    { ticketExternalId: '35640', subject: 'Forgot to use my discount code', channel: 'email', action: 'draft', confidence: 0.39, figure: { measure: 'confidence', value: 0.39, cut: 0.55, outcome: 'draft' }, overlap: 0.038, lackedKnowledge: false },
    { ticketExternalId: '35636', subject: 'Which boot size should I get?', channel: 'chat', action: 'escalate', confidence: 0.2, overlap: 0.35, lackedKnowledge: true },
  ],
};

describe('threadline replay, as the terminal shows it', () => {
  it('gives similarity in percent, as the Test page does, not as a bare 0.043', () => {
    const text = replayReportText(report);
    expect(text).toContain('similarity to human   4.3% (mean word F1)');
    expect(text).not.toMatch(/\b0\.0\d/);
  });

  it('names every figure on a ticket line, the similarity last', () => {
    const lines = replayReportText(report).split('\n');
    expect(lines).toContain('draft     email           #35640 Forgot to use my discount code  (confidence 39% · replies from 55% · similarity 3.8%)');
    expect(lines).toContain('escalate  chat            #35636 Which boot size should I get?  [gap]  (confidence 20% · similarity 35%)');
  });
});
