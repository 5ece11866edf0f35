import { describe, expect, it } from 'vitest';
import { splitSentences } from '../text/text-tools.js';
import { FIXTURE_HISTORY, FIXTURE_NOW } from '../testing/fixtures.js';
import type { HistoryItem } from '../types.js';
import { relativeDay, summarizeHistory } from './summarize-history.js';

const call: HistoryItem = {
  at: FIXTURE_NOW.toISOString(),
  channel: 'voice',
  authorRole: 'customer',
  isPublic: true,
  text: 'Customer called: parcel still missing, wants a replacement or refund.',
  ticketSubject: 'Call from Jane Cooper',
  ticketRef: 'ZD-130',
};

describe('summarizeHistory', () => {
  it('tells who contacted us how often, on which channels, when and about what', () => {
    const summary = summarizeHistory([...FIXTURE_HISTORY, call], { customerName: 'Jane Cooper', now: FIXTURE_NOW });
    expect(summary.text).toContain(
      // A subject the helpdesk made up ("Chat with Jane Cooper") gives way to what the customer wrote there.
      'Jane Cooper contacted us 3 times over 7 days: by email (7 days ago) about “Order #10234 not delivered”, by chat (yesterday) about “Still no parcel. Where is it?” and by phone (today) about “Customer called: parcel still missing, wants a replacement or refund.”',
    );
    expect(summary.text).toContain('Most recently, by phone today, they wrote “Customer called: parcel still missing, wants a replacement or refund.”');
    expect(summary.text).toContain('We replied once, last by email 7 days ago; their latest message is still unanswered.');
    expect(summary.text).toContain('The latest internal note (yesterday) says “Carrier lost the parcel, offer replacement.”');
    expect(summary.channels).toEqual(['voice', 'chat', 'email']);
    expect(summary.contacts.map((contact) => contact.ticketRef)).toEqual(['ZD-101', 'ZD-117', 'ZD-130']);
    // Sentences of the summary's own (a quoted message may hold several).
    const count = splitSentences(summary.text.replace(/“[^”]*”/g, '“…”')).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(5);
  });

  it('is order-independent and lists only the four latest contacts', () => {
    const many: HistoryItem[] = Array.from({ length: 6 }, (_unused, index) => ({
      ...call,
      at: new Date(FIXTURE_NOW.getTime() - (6 - index) * 86_400_000).toISOString(),
      channel: 'email',
      ticketRef: `T-${index}`,
      ticketSubject: `Question ${index}`,
    }));
    const summary = summarizeHistory([...many].reverse(), { now: FIXTURE_NOW });
    expect(summary.text).toMatch(/^The customer contacted us 6 times over 6 days: 2 earlier times, by email \(4 days ago\) about “Question 2”/);
    expect(summary.text).toContain('Nobody has replied to them yet.');
  });

  it('says so when there is no history', () => {
    expect(summarizeHistory([], { customerName: 'Ana' }).text).toBe('Ana has no earlier contact with us on record.');
  });

  it('names days relative to now', () => {
    expect(relativeDay(new Date('2025-06-10T01:00:00Z'), FIXTURE_NOW)).toBe('today');
    expect(relativeDay(new Date('2025-06-09T23:00:00Z'), FIXTURE_NOW)).toBe('yesterday');
    expect(relativeDay(new Date('2025-05-27T10:00:00Z'), FIXTURE_NOW)).toBe('2 weeks ago');
    expect(relativeDay(new Date('2025-01-02T10:00:00Z'), FIXTURE_NOW)).toBe('on 2025-01-02');
  });
});
