import { describe, expect, it } from 'vitest';
import { isHumanRequested } from './human-request.js';

describe('asking for a person', () => {
  it.each([
    'Can I talk to your customer executive',
    'need to chat with a representative',
    'I want to talk to executive',
    'I am talk with your agent',
    'Chat agent',
    'agent please',
    'Please connect me to a human, this bot is useless',
    'Can someone call me back about my order?',
    'What is your customer care number?',
    'Give me the helpline',
    'Quiero hablar con un agente',
    'Je voudrais parler à un conseiller',
    'Ich möchte mit einem Mitarbeiter sprechen',
    'Connect an agent',
    'Chat with agrnt',
    'Can I talk to your coustmer executive',
    'I want to talk an assistant',
    'Please give me your contect number',
    'We want ur ph number',
    'Can you give me your mail to contact you',
    'Customer care',
  ])('hands over “%s”', (text) => {
    expect(isHumanRequested(text)).toBe(true);
  });

  it.each([
    'How can I contact if I did not receive my order but got message that your order is delivered',
    'where should i enter my address and contact no?',
    'My phone number changed, how do I update it?',
    'How long does a refund take to reach my card?',
    'Does the agent who delivers need a signature?',
    'Can I speak English with the courier?',
    'Where do I enter my mobile number?',
    'How do I get people to join my contest?',
    'My email address is wrong on the invoice',
    'How do I contact support about a damaged item?',
  ])('answers “%s”', (text) => {
    expect(isHumanRequested(text)).toBe(false);
  });
});
