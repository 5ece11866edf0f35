import { describe, expect, it } from 'vitest';
import { channelLabel, draftTexts, guardrailWords, relativeTime, splitCitations, withoutCitationMarkers } from './format.js';

describe('splitCitations', () => {
  it('splits [n] markers out of reply text so each can link to its source', () => {
    expect(splitCitations('Refunds take 5 days [1], returns 60 [2].')).toEqual([
      { kind: 'text', text: 'Refunds take 5 days ' },
      { kind: 'cite', number: 1 },
      { kind: 'text', text: ', returns 60 ' },
      { kind: 'cite', number: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves text without markers whole', () => {
    expect(splitCitations('No sources here.')).toEqual([{ kind: 'text', text: 'No sources here.' }]);
  });
});

describe('draftTexts', () => {
  // As the sidebar API returns a draft for a call: the reply alone, and the same with [n] markers.
  const suggestion = {
    replyText: 'If it still has not arrived, we open a carrier claim and send a replacement. Refunds take 2 days.',
    citedText: 'If it still has not arrived, we open a carrier claim and send a replacement. [1] Refunds take 2 days. [2]',
  };

  it('shows the draft with its [n] markers and inserts exactly the reply text', () => {
    const texts = draftTexts(suggestion, suggestion.replyText);
    expect(texts.shown).toBe(suggestion.citedText);
    expect(texts.inserted).toBe(suggestion.replyText);
    expect(texts.inserted).not.toMatch(/\[\d\]|Sources:|Suggested answer/);
  });

  it('shows and inserts a rewrite as it is, without markers a rewrite kept', () => {
    const rewritten = 'Dear customer,\n\nWe open a carrier claim. [1]\n\nKind regards,\nAlex';
    expect(draftTexts(suggestion, rewritten)).toEqual({ shown: rewritten, inserted: 'Dear customer,\n\nWe open a carrier claim.\n\nKind regards,\nAlex' });
  });

  it('strips every marker and the space before it', () => {
    expect(withoutCitationMarkers('A. [1] B [2][3].')).toBe('A. B.');
  });
});

describe('guardrailWords', () => {
  it('says each check once, in words, leaving out the threshold that the hand-off cut below it already says', () => {
    expect(guardrailWords(['low-confidence', 'very-low-confidence', 'no-citation'])).toEqual(['below the hand-off cut', 'no citation']);
    expect(guardrailWords(['low-confidence', 'voice-never-auto', 'voice-never-auto'])).toEqual(['below the reply threshold', 'voice never auto']);
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('reads like a person would say it', () => {
    expect(relativeTime('2026-11-26T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-11-26T11:30:00Z', now)).toBe('30 min ago');
    expect(relativeTime('2026-11-26T07:00:00Z', now)).toBe('5 h ago');
    expect(relativeTime('2026-11-25T12:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-11-19T12:00:00Z', now)).toBe('7 days ago');
  });
});

describe('channelLabel', () => {
  it('names the normalized channels, and falls back to the raw word', () => {
    expect(channelLabel('voice')).toBe('Phone');
    expect(channelLabel('social_x')).toBe('X (Twitter)');
    expect(channelLabel('carrier_pigeon')).toBe('carrier pigeon');
  });
});
