import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '@threadline/knowledge/answer';
import type { TicketContext } from './answer-context.js';
import { draftNote, escalationNote, escalationUpdate } from './write-back-notes.js';

const NOW = new Date('2026-03-10T12:00:00Z');

function contextOn(channel: TicketContext['ticket']['channel'], otherTickets: TicketContext['otherTickets'] = []): TicketContext {
  return {
    ticket: { id: 't-1', externalId: '101', subject: 'Where is my order?', channel, url: 'https://help.example/tickets/101', customerId: 'c-1' },
    customer: { id: 'c-1', name: 'Jane Cooper', locale: null },
    latestCustomerMessage: 'Where is my order?',
    history: [],
    otherTickets,
  };
}

const result: AnswerResult = {
  path: 'offline',
  action: 'draft',
  replyText: 'Orders ship within two days. Tracking arrives by email.',
  language: 'en',
  citations: [
    { passageId: 'p-1', url: 'https://help.example/shipping', title: 'Shipping times', quotes: ['Orders ship within two days.'] },
    // A second chunk of the same page is the same source, numbered once.
    { passageId: 'p-2', url: 'https://help.example/shipping', title: 'Shipping times', quotes: ['Tracking arrives by email.'] },
  ],
  confidence: 0.82,
  summary: 'Jane asked about her order by email and chat.',
  guardrails: [],
};

describe('draftNote', () => {
  it('shows the reply with one number per article, the sources and the earlier contacts on other channels', () => {
    const earlier = [{ externalId: '77', subject: 'Late parcel', channel: 'chat', url: 'https://help.example/tickets/77', createdAt: '2026-03-09T08:00:00Z' }];
    expect(draftNote(result, contextOn('email', earlier), NOW)).toBe(
      [
        'Threadline draft (confidence 82%, offline answer)',
        '',
        'Orders ship within two days. [1] Tracking arrives by email. [1]',
        '',
        'Sources:',
        '[1] Shipping times — https://help.example/shipping',
        '',
        'Customer history: Jane asked about her order by email and chat.',
        'Earlier contacts:',
        '- Chat, yesterday: "Late parcel" (#77) https://help.example/tickets/77',
      ].join('\n'),
    );
  });

  it('heads a call\'s draft as something to read out and names the rules that held it for review', () => {
    const note = draftNote({ ...result, citations: [], guardrails: ['voice-never-auto'] }, contextOn('voice'), NOW);
    expect(note.split('\n').slice(0, 4)).toEqual([
      'Threadline draft (confidence 82%, offline answer · held for review: voice-never-auto)',
      '',
      'Suggested answer for the call:',
      'Orders ship within two days. Tracking arrives by email.',
    ]);
    expect(note).toContain('Sources: none found in the knowledge base.');
    expect(note).toContain('Earlier contacts: none on other tickets.');
  });
});

describe('the figure in the draft note', () => {
  it('names the confidence and the threshold that held an offline reply back as a draft', () => {
    const held: AnswerResult = { ...result, confidence: 0.55, answerability: 0.9, decision: { measure: 'confidence', value: 0.55, cut: 0.7, outcome: 'draft' }, guardrails: ['low-confidence'] };
    expect(draftNote(held, contextOn('email'), NOW).split('\n')[0]).toBe('Threadline draft (confidence 55% · replies from 70%, offline answer · held for review: low-confidence)');
  });

  it('names the answerability that passed its cut when a rule held the reply', () => {
    const passed: AnswerResult = { ...result, answerability: 0.84, decision: { measure: 'answerability', value: 0.84, cut: 0.52, outcome: null }, guardrails: ['mode-draft'] };
    expect(draftNote(passed, contextOn('email'), NOW).split('\n')[0]).toBe('Threadline draft (knowledge answers it 84%, offline answer · held for review: mode-draft)');
  });

  it('names the hand-off cut when the mode turned a hand-off into a draft', () => {
    const off: AnswerResult = { ...result, confidence: 0.37, answerability: 0.18, decision: { measure: 'answerability', value: 0.18, cut: 0.52, outcome: 'escalate' }, guardrails: ['very-low-confidence', 'mode-off'] };
    expect(draftNote(off, contextOn('email'), NOW).split('\n')[0]).toBe(
      'Threadline draft (knowledge answers it 18% · hand-off below 52%, offline answer · held for review: very-low-confidence, mode-off)',
    );
  });
});

describe('escalationNote', () => {
  it('gives the figure and the cut of an escalation the answerability decided', () => {
    const escalated: AnswerResult = {
      ...result,
      action: 'escalate',
      confidence: 0.37,
      answerability: 0.18,
      decision: { measure: 'answerability', value: 0.18, cut: 0.52, outcome: 'escalate' },
      escalation: { reason: 'The knowledge found does not answer the question.', summary: 'Asks about a parcel.', tags: ['low-confidence'] },
    };
    expect(escalationNote(escalated, contextOn('email'), NOW).split('\n')[0]).toBe(
      'Escalated by Threadline: The knowledge found does not answer the question. Knowledge answers it 18% · hand-off below 52%.',
    );
    // A hand-off no figure decided has its reason alone, not "Confidence 0% · hand-off below 52%".
    const nothing: AnswerResult = {
      ...escalated,
      confidence: 0,
      decision: { measure: 'confidence', value: 0, cut: 0.52, outcome: 'escalate', basis: 'nothing-found' },
      escalation: { reason: 'No knowledge matched the question.', summary: 'Asks about gift wrapping.', tags: ['low-confidence'] },
    };
    expect(escalationNote(nothing, contextOn('email'), NOW).split('\n')[0]).toBe('Escalated by Threadline: No knowledge matched the question.');
  });

  it('gives the reason, the summary, the holding reply marked as not sent, and the sources', () => {
    const escalated: AnswerResult = { ...result, action: 'escalate', escalation: { reason: 'refund over the limit', summary: 'Wants 300 back.', tags: [] } };
    const note = escalationNote(escalated, contextOn('email'), NOW);
    expect(note.split('\n')).toEqual([
      'Escalated by Threadline: refund over the limit',
      '',
      'Summary: Wants 300 back.',
      'Earlier contacts: none on other tickets.',
      '',
      'Suggested holding reply (not sent):',
      'Orders ship within two days. Tracking arrives by email.',
      '',
      'Sources:',
      '[1] Shipping times — https://help.example/shipping',
    ]);
  });

  it('gives the agent the closest answer the knowledge gave, with its source markers, when the hand-off was for want of a sure one', () => {
    const escalated: AnswerResult = {
      ...result,
      action: 'escalate',
      replyText: 'Thanks for reaching out. I have passed your message to the right team.',
      closestAnswer: 'Orders ship within two days. Tracking arrives by email.',
      escalation: { reason: 'The knowledge found does not answer the question.', summary: 'Asks about a parcel.', tags: ['low-confidence'] },
    };
    const lines = escalationNote(escalated, contextOn('email'), NOW).split('\n');
    const at = lines.indexOf('Closest answer in the knowledge base (judged unlikely to answer; not sent):');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('Orders ship within two days. [1] Tracking arrives by email. [1]');
    expect(lines.slice(at + 3, at + 5)).toEqual(['Suggested holding reply (not sent):', 'Thanks for reaching out. I have passed your message to the right team.']);
  });

  it('counts days for contacts older than yesterday', () => {
    const earlier = [{ externalId: '12', subject: 'Sizing', channel: 'voice', url: 'https://help.example/tickets/12', createdAt: '2026-03-01T12:00:00Z' }];
    expect(escalationNote({ ...result, action: 'escalate' }, contextOn('email', earlier), NOW)).toContain('- Phone, 9 days ago: "Sizing" (#12)');
  });
});

describe('escalationUpdate', () => {
  it('routes to the group with the priority, tags the ticket as escalated and reopens it', () => {
    expect(escalationUpdate({ reason: 'x', summary: 'y', group: 'g-9', priority: 'high', tags: ['vip'] })).toEqual({ groupId: 'g-9', priority: 'high', addTags: ['threadline_escalated', 'vip'], status: 'open' });
  });

  it('leaves group and priority alone when the escalation names none', () => {
    expect(escalationUpdate({ reason: 'x', summary: 'y', tags: [] })).toEqual({ addTags: ['threadline_escalated'], status: 'open' });
  });
});
