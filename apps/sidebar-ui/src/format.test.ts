import { describe, expect, it } from 'vitest';
import { channelLabel, relativeTime, splitCitations } from './format.js';

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
