import { describe, expect, it } from 'vitest';
import { rewriteOffline } from './rewrite-offline.js';

const draft = [
  'Hi Jane,',
  '',
  'Thanks for reaching out.',
  "I'm sorry your parcel hasn't arrived yet. The carrier confirmed it was lost, so we've shipped a replacement today. " +
    'You can track it at https://track.example.com/ZX81. It should arrive within 3 business days. ' +
    "We know how annoying this is. Let us know if there's anything else we can do.",
  '',
  'Cheers,',
  'Sam',
].join('\n');

describe('rewriteOffline', () => {
  it('makes a draft shorter by keeping its key sentences, greeting and signature', () => {
    const result = rewriteOffline({ text: draft, style: 'shorter' });
    expect(result).toMatchObject({ path: 'offline', isAvailable: true, style: 'shorter', language: 'en' });
    expect(result.text.length).toBeLessThan(draft.length * 0.8);
    expect(result.text).toContain('https://track.example.com/ZX81');
    expect(result.text).toContain('within 3 business days');
    expect(result.text).not.toContain('Thanks for reaching out');
    expect(result.text).not.toContain('Let us know');
    expect(result.text.startsWith('Hi Jane,')).toBe(true);
    expect(result.text.endsWith('Cheers,\nSam')).toBe(true);
  });

  it('makes a draft more formal', () => {
    const result = rewriteOffline({ text: draft, style: 'more_formal', customerName: 'Jane Cooper' });
    expect(result.text.startsWith('Dear Jane,')).toBe(true);
    expect(result.text).toContain('I am');
    expect(result.text).toContain('has not arrived');
    expect(result.text).toContain('we have shipped');
    expect(result.text).not.toMatch(/n't|Cheers|!/);
    expect(result.text.endsWith('Kind regards,\nSam')).toBe(true);
  });

  it('makes a formal draft friendlier', () => {
    const formal = 'Dear Mr. Smith,\n\nWe regret to inform you that we cannot ship to PO boxes. Kindly provide a street address.\n\nSincerely,\nAcme Support';
    const result = rewriteOffline({ text: formal, style: 'friendlier' });
    expect(result.text.startsWith('Hi Smith,')).toBe(true);
    expect(result.text).toContain("Unfortunately, we can't ship to PO boxes. Please provide a street address.");
    expect(result.text).toContain('Thanks so much for reaching out!');
    expect(result.text.endsWith('Best wishes,\nAcme Support')).toBe(true);
  });

  it('never greets "there" as a name: every style, with and without a customer name', () => {
    const drafts = [draft, draft.replace('Hi Jane,', 'Hi there,'), draft.replace('Hi Jane,\n\n', ''), draft.replace('Hi Jane,', 'Hello,')];
    for (const text of drafts) {
      for (const style of ['shorter', 'friendlier', 'more_formal', 'translate'] as const) {
        for (const customerName of [undefined, 'Jane Cooper', '+1 415-555-0134']) {
          const result = rewriteOffline({ text, style, ...(style === 'translate' ? { targetLanguage: 'es' } : {}), ...(customerName ? { customerName } : {}) });
          expect(result.text).not.toMatch(/Dear there|(?:Dear|Hi|Hello) \+1/i);
          if (style === 'more_formal') expect(result.text.split('\n')[0]).toBe(customerName === 'Jane Cooper' || text.startsWith('Hi Jane') ? 'Dear Jane,' : 'Dear customer,');
        }
      }
    }
  });

  it('refuses to fake a translation offline', () => {
    const result = rewriteOffline({ text: draft, style: 'translate', targetLanguage: 'es' });
    expect(result.isAvailable).toBe(false);
    expect(result.text).toBe(draft);
    expect(result.note).toMatch(/Translation needs the Claude path/);
  });

  it('does not change the tone of non-English text offline', () => {
    const result = rewriteOffline({ text: 'Hola Ana, tu pedido llegará mañana por la tarde sin falta.', style: 'friendlier' });
    expect(result.isAvailable).toBe(false);
    expect(result.language).toBe('es');
  });
});
