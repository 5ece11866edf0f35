import type { Metrics, Overview } from '../../api/report-types.js';

/** Figures for one slice of a report, with the defaults of a quiet day. */
export function metrics(overrides: Partial<Metrics> = {}): Metrics {
  return {
    tickets: 0,
    firstResponseMinutes: { median: null, p90: null },
    resolutionMinutes: { median: null, p90: null },
    csat: { responses: 0, good: 0, bad: 0, score: null },
    reopenRate: null,
    repeatContactRate: null,
    automatedResolutionRate: null,
    outcomes: { autoReplied: 0, drafted: 0, draftUsed: 0, escalated: 0, handedOff: 0 },
    ...overrides,
  };
}

/** An overview as the contract shapes it: two channels over three days, with definitions for every key. */
export function overviewFixture(): Overview {
  return {
    range: { from: '2026-11-01', to: '2026-11-03', timezone: 'Europe/London', interval: 'day' },
    definitions: {
      tickets: 'Tickets created in the range.',
      firstResponse: 'Business minutes from the first customer message to the first public agent or agent reply.',
      resolution: 'Business minutes from creation to the last solve.',
      csat: 'Good ratings divided by good and bad ratings from the helpdesk surveys.',
      reopen: 'Solved tickets that were reopened.',
      repeatContact: 'Tickets whose customer came back on any channel within 7 days.',
      automatedResolution: 'Tickets the agent answered automatically where the customer did not come back on any channel within 7 days and did not rate it bad.',
      autoReplied: 'Tickets answered automatically.',
      drafted: 'Tickets with a draft for an agent.',
      draftUsed: 'Drafts the agent inserted or rated up.',
      escalated: 'Tickets escalated to a person.',
      handedOff: 'Tickets a person answered after the agent, or that the agent moved to another channel.',
      multiChannel: 'Issues the customer raised on two or more channels within 7 days.',
    },
    overall: metrics({
      tickets: 120,
      firstResponseMinutes: { median: 42, p90: 300 },
      resolutionMinutes: { median: 200, p90: 3120 },
      csat: { responses: 50, good: 40, bad: 10, score: 0.8 },
      reopenRate: 0.05,
      repeatContactRate: 0.125,
      automatedResolutionRate: 0.3,
      outcomes: { autoReplied: 40, drafted: 60, draftUsed: 45, escalated: 12, handedOff: 3 },
    }),
    byChannel: [
      { channel: 'email', ...metrics({ tickets: 80, firstResponseMinutes: { median: 60, p90: 400 }, csat: { responses: 30, good: 27, bad: 3, score: 0.9 }, automatedResolutionRate: 0.25 }) },
      { channel: 'chat', ...metrics({ tickets: 40, firstResponseMinutes: { median: 2, p90: 10 }, csat: { responses: 20, good: 13, bad: 7, score: 0.65 }, automatedResolutionRate: 0.4 }) },
    ],
    series: [
      { period: '2026-11-01', ...metrics({ tickets: 50, csat: { responses: 20, good: 16, bad: 4, score: 0.8 } }) },
      { period: '2026-11-02', ...metrics({ tickets: 0 }) },
      { period: '2026-11-03', ...metrics({ tickets: 70, csat: { responses: 30, good: 24, bad: 6, score: 0.8 } }) },
    ],
    journey: { customers: 90, multiChannelCustomers: 18, multiChannelIssues: 21, csatMultiChannel: 0.55, csatSingleChannel: 0.86 },
    compare: null,
  };
}
