import { describe, expect, it } from 'vitest';
import { requestedChannel, topicChannel } from './channel-request.js';

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

describe('topicChannel', () => {
  const topics = [
    { name: 'legal', keywords: ['lawyer'] },
    { name: 'payment details', keywords: ['card number', 'change my card'], handOffTo: 'voice' as const },
  ];

  it("hands a message about a topic the policy puts on another channel to that channel", () => {
    expect(topicChannel('I want to change my card on the account', topics, 'chat')).toBe('voice');
  });

  it('leaves topics without a channel, messages about nothing listed, and the channel the ticket is on alone', () => {
    expect(topicChannel('My lawyer will call you', topics, 'chat')).toBeNull();
    expect(topicChannel('Where is my parcel?', topics, 'chat')).toBeNull();
    expect(topicChannel('I want to change my card', topics, 'voice')).toBeNull();
  });
});
