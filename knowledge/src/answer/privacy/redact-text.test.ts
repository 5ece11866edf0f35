import { describe, expect, it } from 'vitest';
import { REDACTION_PLACEHOLDERS, redactPersonalData } from '../../redaction/index.js';
import { maskPersonalData, redactText } from './redact-text.js';

describe('redactText', () => {
  it('replaces e-mail addresses, phone numbers, card numbers and addresses', () => {
    const text = 'Mail me at jane.cooper@example.com or call +1 (415) 555-0199. Card 4111 1111 1111 1111. I live at 221B Baker Street, London.';
    expect(redactText(text)).toBe('Mail me at [EMAIL] or call [PHONE]. Card [CARD]. I live at [ADDRESS], London.');
  });

  it('keeps numbers that are not personal data', () => {
    // Order numbers, prices, dates and tracking codes are what answers are about.
    const text = 'Order #10234 cost 1,299.00 on 2024-05-01; tracking 1Z999AA1 and card-like 1234 5678 9012 3456.';
    expect(redactText(text)).toBe(text);
  });

  it('hides the known customer name, whole and in parts, and self-introduced names', () => {
    expect(redactText('Jane Cooper here. Thanks, Jane. JANE COOPER', { names: ['Jane Cooper'] })).toBe('[CUSTOMER] here. Thanks, [CUSTOMER]. [CUSTOMER]');
    expect(redactText('My name is Peter Parker and I need help', { names: ['Jane Cooper'] })).toBe('My name is [NAME] and I need help');
  });

  it('redacts European street addresses', () => {
    expect(redactText('Envíalo a Calle Mayor 12, Madrid')).toBe('Envíalo a [ADDRESS], Madrid');
    expect(redactText('Bitte an Hauptstraße 5 schicken')).toBe('Bitte an [ADDRESS] schicken');
  });

  it('uses the same placeholders as the knowledge index, adding only [CUSTOMER]', () => {
    const text = 'Jane Cooper (jane@example.com, 555-123-4567) wrote to Peter Parker';
    expect(redactText(text)).toBe(redactPersonalData(text));
    expect(redactText(text, { names: ['Jane Cooper'] })).toBe(`[CUSTOMER] (${REDACTION_PLACEHOLDERS.email}, ${REDACTION_PLACEHOLDERS.phone}) wrote to ${REDACTION_PLACEHOLDERS.name}`);
  });

  it('leaves links intact', () => {
    const text = 'See https://help.example.com/articles/360012345678-Returns for details';
    expect(redactText(text)).toBe(text);
  });
});

describe('maskPersonalData', () => {
  it('masks reversibly and reports tokens a rewrite lost', () => {
    const masked = maskPersonalData('Hi Jane, we will call you on +44 20 7946 0958.', { names: ['Jane Cooper'] });
    expect(masked.masked).toBe('Hi [[PII_1]], we will call you on [[PII_2]].');
    expect(masked.unmask('Dear [[PII_1]], expect our call on [[PII_2]].')).toBe('Dear Jane, expect our call on +44 20 7946 0958.');
    expect(masked.missingTokens('Dear [[PII_1]], expect our call.')).toEqual(['[[PII_2]]']);
  });
});
