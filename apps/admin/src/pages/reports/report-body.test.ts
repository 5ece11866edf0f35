import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { metrics, overviewFixture } from './report-fixture.js';
import { ReportBody, type ReportBodyProps } from './reports-page.js';

/** The rendered report as a person reads it: tags dropped, entities decoded, spaces collapsed. */
function render(props: Partial<ReportBodyProps> = {}): { html: string; text: string } {
  const html = renderToString(h(ReportBody, { overview: overviewFixture(), interval: 'day', onDrill: () => {}, onDrillMetric: () => {}, ...props }));
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ');
  return { html, text };
}

/** The text of the card for one metric. */
function card(html: string, metric: string): string {
  const start = html.indexOf(`data-metric="${metric}"`);
  expect(start, `card ${metric}`).toBeGreaterThan(-1);
  return html
    .slice(start, html.indexOf('</article>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the report body', () => {
  it("shows each headline figure with what is counted, in the API's words", () => {
    const { html } = render();
    expect(card(html, 'tickets')).toContain('Tickets 120');
    expect(card(html, 'tickets')).toContain('What is counted: Tickets created in the range.');
    expect(card(html, 'firstResponse')).toMatch(/First response, median 42 min 90th percentile 5 h/);
    expect(card(html, 'resolution')).toMatch(/Resolution, median 3 h 20 min 90th percentile 2 d 4 h/);
    expect(card(html, 'csat')).toContain('CSAT 80% 40 good, 10 bad of 50 ratings');
    expect(card(html, 'automatedResolution')).toContain('Automated resolution 30%');
    expect(card(html, 'automatedResolution')).toContain('did not come back on any channel within 7 days and did not rate it bad');
    expect(card(html, 'repeatContact')).toContain('Repeat contact 13%');
    expect(card(html, 'escalated')).toContain('Escalated to a person 12');
    expect(card(html, 'handedOff')).toContain('Handed off 3');
    expect(card(html, 'handedOff')).toContain('What is counted: Tickets a person answered after the agent, or that the agent moved to another channel.');
  });

  it('compares with the previous period only when there is one, judging the change by which way is good', () => {
    expect(render().text).not.toContain('Previous period');
    const overview = overviewFixture();
    overview.compare = {
      range: { from: '2026-10-29', to: '2026-10-31', timezone: 'Europe/London', interval: 'day' },
      overall: metrics({ tickets: 100, firstResponseMinutes: { median: 60, p90: 400 }, csat: { responses: 40, good: 34, bad: 6, score: 0.85 } }),
    };
    const { html, text } = render({ overview });
    expect(text).toContain('Compared with 29 Oct 2026 – 31 Oct 2026.');
    expect(card(html, 'tickets')).toContain('Previous period 100 (+20, +20%)');
    expect(card(html, 'firstResponse')).toContain('Previous period 1 h (\u221218 min)');
    expect(html).toMatch(/class="change change-good">[^<]*\u221218 min/);
    expect(html).toMatch(/class="change change-bad">[^<]*\u22125\.0 pts/);
  });

  it('breaks the figures down by channel and shows the customer journey', () => {
    const { html, text } = render();
    expect(html).toContain('data-channel="email"');
    expect(text).toMatch(/Email 80 1 h/);
    expect(text).toMatch(/Chat 40 2 min/);
    expect(text).toContain('18 of 90 customers used 2 or more channels for one issue (20%).');
    expect(text).toContain('21 issues went across channels');
    expect(text).toMatch(/CSAT, one channel 86% CSAT, 2\+ channels 55%/);
  });

  it('charts the series with its numbers in a table, a gap never shown as zero', () => {
    const { html, text } = render();
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect([...html.matchAll(/data-points="(\d+)"/g)].map((match) => match[1])).toEqual(['3', '0', '2']);
    expect(text).toContain('1 Nov 2026 50 2 Nov 2026 0 3 Nov 2026 70');
    expect(text).toContain('1 Nov 2026 80% — — 2 Nov 2026 — — —');
  });

  it('says so when no channel had tickets', () => {
    const overview = overviewFixture();
    overview.byChannel = [];
    expect(render({ overview }).text).toContain('No tickets in this range.');
  });
});
