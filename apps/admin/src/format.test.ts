import { describe, expect, it } from 'vitest';
import { actorName, channelLabel, describeChange, formatCount, formatDate, formatDuration, formatRange, formatRate, NO_VALUE, percentToThreshold, thresholdToPercent } from './format.js';

describe('figures', () => {
  it('shows a dash, never 0, where there is no value', () => {
    expect(formatRate(null)).toBe(NO_VALUE);
    expect(formatDuration(null)).toBe(NO_VALUE);
    expect(formatCount(undefined)).toBe(NO_VALUE);
  });

  it('rates as percentages, with a decimal only below 10%', () => {
    expect(formatRate(0.4234)).toBe('42%');
    expect(formatRate(0.054)).toBe('5.4%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(1)).toBe('100%');
  });

  it('business minutes in minutes, hours or days', () => {
    expect(formatDuration(42.4)).toBe('42 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(200)).toBe('3 h 20 min');
    expect(formatDuration(52 * 60)).toBe('2 d 4 h');
    expect(formatDuration(48 * 60)).toBe('2 d');
  });

  it('counts with thousands separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('dates as calendar dates', () => {
    expect(formatDate('2026-11-08')).toBe('8 Nov 2026');
    expect(formatRange({ from: '2026-11-08', to: '2026-12-07' })).toBe('8 Nov 2026 – 7 Dec 2026');
    expect(formatRange({ from: '2026-11-08', to: '2026-11-08' })).toBe('8 Nov 2026');
  });

  it('channels by their product names', () => {
    expect(channelLabel('voice')).toBe('Phone');
    expect(channelLabel('web_form')).toBe('Web form');
  });
});

describe('describeChange', () => {
  it('counts move with their percentage and no judgement', () => {
    expect(describeChange({ current: 120, previous: 100, kind: 'count', better: null })).toEqual({ text: '+20, +20%', tone: 'neutral' });
    expect(describeChange({ current: 5, previous: 0, kind: 'count', better: null })).toEqual({ text: '+5', tone: 'neutral' });
  });

  it('rates move in points; up is good where higher is better', () => {
    expect(describeChange({ current: 0.62, previous: 0.5, kind: 'rate', better: 'higher' })).toEqual({ text: '+12.0 pts', tone: 'good' });
    expect(describeChange({ current: 0.3, previous: 0.25, kind: 'rate', better: 'lower' })).toEqual({ text: '+5.0 pts', tone: 'bad' });
  });

  it('durations move in time; shorter is good', () => {
    expect(describeChange({ current: 30, previous: 42, kind: 'duration', better: 'lower' })).toEqual({ text: '\u221212 min', tone: 'good' });
  });

  it('says "no change", or nothing when a side has no value', () => {
    expect(describeChange({ current: 0.5, previous: 0.5, kind: 'rate', better: 'higher' })).toEqual({ text: 'no change', tone: 'neutral' });
    expect(describeChange({ current: null, previous: 0.5, kind: 'rate', better: 'higher' })).toBeNull();
  });
});

describe('thresholds in percent', () => {
  it('shows a 0..1 threshold as the percent typed, and back', () => {
    expect(thresholdToPercent(0.55)).toBe(55);
    expect(thresholdToPercent(0.555)).toBe(55.5);
    expect(percentToThreshold(60)).toBe(0.6);
    expect(percentToThreshold(55.5)).toBe(0.555);
    for (const threshold of [0, 0.07, 0.29, 0.58, 1]) expect(percentToThreshold(thresholdToPercent(threshold))).toBe(threshold);
  });
});

describe('who made a change', () => {
  it('names the tenant API key in words and an account by its email', () => {
    expect(actorName('api-key')).toBe('the API key');
    expect(actorName('lead@acme.test')).toBe('lead@acme.test');
  });
});
