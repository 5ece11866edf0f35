import { describe, expect, it } from 'vitest';
import { CHANNEL_LABELS, CHANNELS, channelLabel, HELPDESK_KINDS, isChannel, isHelpdeskKind, roleLabel } from './index.js';

describe('vocabulary', () => {
  it('labels every channel, and nothing that is not one', () => {
    expect(Object.keys(CHANNEL_LABELS).sort()).toEqual([...CHANNELS].sort());
  });

  it('shows a known channel by its label and an unknown wire value readably', () => {
    expect(channelLabel('voice')).toBe('Phone');
    expect(channelLabel('social_x')).toBe('X (Twitter)');
    expect(channelLabel('carrier_pigeon')).toBe('carrier pigeon');
  });

  it('tells vocabulary words from other strings', () => {
    expect(isChannel('whatsapp')).toBe(true);
    expect(isChannel('fax')).toBe(false);
    expect(HELPDESK_KINDS.filter(isHelpdeskKind)).toEqual(['zendesk', 'freshdesk']);
    expect(isHelpdeskKind('intercom')).toBe(false);
  });

  it('names Threadline as the bot and keeps an unknown role as it came', () => {
    expect(roleLabel('bot')).toBe('Threadline');
    expect(roleLabel('robot')).toBe('robot');
  });
});
