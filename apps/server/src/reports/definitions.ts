/** The metric keys of the reports API: definitions, drill-down and CSV share them. */
export const METRIC_KEYS = [
  'tickets',
  'firstResponse',
  'resolution',
  'csat',
  'reopen',
  'repeatContact',
  'automatedResolution',
  'autoReplied',
  'drafted',
  'draftUsed',
  'escalated',
  'handedOff',
  'multiChannel',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * What each figure counts, shown beside it. `days` is the tenant's repeat-contact window; the
 * sentences name it so a reader never has to guess what "came back" means.
 */
export function metricDefinitions(days: number, timeZone: string): Record<MetricKey, string> {
  const window = `${days} day${days === 1 ? '' : 's'}`;
  return {
    tickets: `Tickets created in the range (local dates in ${timeZone}), on every channel.`,
    firstResponse: `Business minutes from the customer's first message to the first public reply by an agent or by Threadline, as Zendesk counts reply time; median and 90th percentile of tickets that got one (exact below an hour, then to 5 minutes, 30 minutes past 8 hours, 4 hours past 2 days).`,
    resolution: `Business minutes from ticket creation to its last solve (full resolution time), for tickets solved or closed now; median and 90th percentile (exact below an hour, then to 5 minutes, 30 minutes past 8 hours, 4 hours past 2 days).`,
    csat: `Satisfaction ratings the customers gave in the helpdesk (Zendesk good/bad; Freshdesk happy faces as good, unhappy as bad, neutral counted as a response only); score = good ÷ (good + bad).`,
    reopen: `Share of solved tickets that the customer reopened: the ticket went back from solved to open, or the customer wrote on it after it was solved, on any channel.`,
    repeatContact: `Share of solved tickets whose customer (matched across every identity and channel) opened another ticket within ${window} of the solve.`,
    automatedResolution: `Share of tickets Threadline answered automatically where the customer did not come back on any channel within ${window} of the reply and did not rate it bad; replies less than ${window} old are not counted yet.`,
    autoReplied: `Tickets on which Threadline's public reply was written to the helpdesk.`,
    drafted: `Tickets on which Threadline wrote a draft for the agent.`,
    draftUsed: `Drafted tickets where the agent inserted the draft or marked it used or edited in the sidebar.`,
    escalated: `Tickets Threadline escalated to a person (the reason is kept with each ticket).`,
    handedOff: `Tickets Threadline passed on: a person answered publicly after Threadline's reply or escalation, or Threadline handed the conversation to another channel (a callback or follow-up ticket it opened there, asked for by the customer or an agent).`,
    multiChannel: `Issues that used two or more channels: the customer wrote on the ticket from several channels, or came back on another channel within ${window} of its solve.`,
  };
}
