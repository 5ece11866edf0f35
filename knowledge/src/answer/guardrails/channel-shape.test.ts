import { describe, expect, it } from 'vitest';
import { shapeOf, shapeReply, stripGreetingAndSignOff } from './channel-shape.js';

describe('channel shape', () => {
  it('maps every channel to a shape', () => {
    expect(['chat', 'messaging', 'whatsapp', 'sms'].map((channel) => shapeOf(channel as 'chat'))).toEqual(Array(4).fill('conversational'));
    expect(['email', 'web_form', 'api', 'other'].map((channel) => shapeOf(channel as 'email'))).toEqual(Array(4).fill('letter'));
    expect(['social_x', 'social_facebook', 'social_instagram'].map((channel) => shapeOf(channel as 'social_x'))).toEqual(Array(3).fill('social'));
    expect(shapeOf('voice')).toBe('voice');
  });

  it('strips greeting lines, inline greetings and sign-off blocks', () => {
    expect(stripGreetingAndSignOff('Dear Jane,\n\nYour parcel ships today.\n\nKind regards,\nSam\nAcme')).toBe('Your parcel ships today.');
    expect(stripGreetingAndSignOff('Hi Jane, your parcel ships today.')).toBe('Your parcel ships today.');
    expect(stripGreetingAndSignOff('Your parcel ships today.\nCheers')).toBe('Your parcel ships today.');
  });

  it('writes email as a letter: greeting with the first name, body, sign-off with agent and company', () => {
    const shaped = shapeReply('Hello there,\nYour parcel ships today.\nBest,\nBot', {
      channel: 'email',
      language: 'en',
      customerName: 'Jane Cooper',
      agentName: 'Sam',
      companyName: 'Acme',
    });
    expect(shaped.text).toBe('Hi Jane,\n\nYour parcel ships today.\n\nBest regards,\nSam\nThe Acme team');
  });

  it("uses the tenant's own greeting and sign-off, with or without the customer's first name", () => {
    const options = { channel: 'email' as const, language: 'en', agentName: 'Sam', greeting: 'Hey {name}!', signOff: 'Cheers,' };
    expect(shapeReply('Your parcel ships today.', { ...options, customerName: 'Jane Cooper' }).text).toBe('Hey Jane!\n\nYour parcel ships today.\n\nCheers,\nSam');
    expect(shapeReply('Your parcel ships today.', options).text).toBe('Hey!\n\nYour parcel ships today.\n\nCheers,\nSam');
  });

  it('signs off with a neutral team when the policy names nobody, and greets in the customer language', () => {
    expect(shapeReply('Su pedido sale hoy.', { channel: 'web_form', language: 'es' }).text).toBe('Hola:\n\nSu pedido sale hoy.\n\nSaludos cordiales,\nEl equipo de soporte');
  });

  it('keeps chat to three sentences and one link', () => {
    const shaped = shapeReply('One. Two. Three. Four. More details: https://help.example.com/a https://help.example.com/b', {
      channel: 'whatsapp',
      language: 'en',
    });
    expect(shaped.text).toBe('One. Two. Three. More details: https://help.example.com/a');
    expect(shaped.changes).toEqual(['shape-trimmed']);
  });

  it('removes order numbers, contact details and the customer name from social replies', () => {
    const shaped = shapeReply('Sorry Jane Cooper! Order 10234 was delayed; call +1 415 555 0199 or write to jane@example.com.', {
      channel: 'social_facebook',
      language: 'en',
      customerName: 'Jane Cooper',
    });
    expect(shaped.text).not.toMatch(/Jane|10234|415|jane@/);
    expect(shaped.text).toMatch(/send us a direct message\.$/);
    expect(shaped.changes).toContain('social-public-safe');
  });

  it('does not add a second DM invite', () => {
    const shaped = shapeReply('Please send us a DM with your order details.', { channel: 'social_instagram', language: 'en' });
    expect(shaped.text).toBe('Please send us a DM with your order details.');
    expect(shaped.changes).toEqual([]);
  });

  it('leaves voice talking points without greeting or sign-off', () => {
    expect(shapeReply('Hi Jane,\n- Offer a replacement.\nThanks', { channel: 'voice', language: 'en', customerName: 'Jane' }).text).toBe('- Offer a replacement.');
  });
});
