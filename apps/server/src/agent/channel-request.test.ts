import { describe, expect, it } from 'vitest';
import { requestedChannel } from './channel-request.js';

describe('requestedChannel', () => {
  it.each([
    ['can you call me instead?', 'voice'],
    ['Could someone give me a call tomorrow morning?', 'voice'],
    ['I would rather speak to someone on the phone', 'voice'],
    ['Please email me the details', 'email'],
    ['can you send the details by email?', 'email'],
    ['can I do this on WhatsApp?', 'whatsapp'],
    ['just text me when it ships', 'sms'],
  ] as const)('reads "%s" as a request to move to %s', (text, channel) => {
    expect(requestedChannel(text, 'chat')).toBe(channel);
  });

  it.each(['I called you yesterday and nobody answered', 'Your email said Friday', "Please don't call me, I'm at work", 'Where is my order?'])('finds no request in "%s"', (text) => {
    expect(requestedChannel(text, 'chat')).toBeNull();
  });

  it('does not move a conversation to the channel it is already on', () => {
    expect(requestedChannel('Please email me the details', 'email')).toBeNull();
    expect(requestedChannel('call me back please', 'voice')).toBeNull();
  });
});
