import { describe, expect, it } from 'vitest';
import { createPersonalDataCache, findPersonalData, isIbanValid, isLuhnValid, redactPersonalData } from './index.js';

const redact = (text: string, options?: Parameters<typeof redactPersonalData>[1]) => redactPersonalData(text, options);

describe('redactPersonalData: emails', () => {
  it.each([
    ['write to jane.doe@example.com today', 'write to [EMAIL] today'],
    ['JANE_DOE+orders@mail.example.co.uk', '[EMAIL]'],
    ['mailto:bob@acme.io.', 'mailto:[EMAIL].'],
    ['<jürgen@münchen.de>', '<[EMAIL]>'],
  ])('replaces %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves package versions and handles that are not addresses', () => {
    expect(redact('upgrade to lodash@4.17.21 and ping @support')).toBe('upgrade to lodash@4.17.21 and ping @support');
  });
});

describe('redactPersonalData: phone numbers', () => {
  it.each([
    ['call me at (555) 123-4567 please', 'call me at [PHONE] please'],
    ['my cell is 555-987-6543', 'my cell is [PHONE]'],
    ['555.987.6543', '[PHONE]'],
    ['+1 415 555 2671', '[PHONE]'],
    ['1-800-555-0199', '[PHONE]'],
    ['London office +44 20 7946 0958.', 'London office [PHONE].'],
    ['Berlin: +49 30 901820', 'Berlin: [PHONE]'],
    ['or 0033 1 42 68 53 00', 'or [PHONE]'],
    ['phone: 07911 123456', 'phone: [PHONE]'],
    ['call me on 030/901820', 'call me on [PHONE]'],
  ])('replaces %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('uses the locale region for national numbers', () => {
    expect(redact('Ring 020 7946 0958 after 5', { locale: 'en-GB' })).toBe('Ring [PHONE] after 5');
  });
});

describe('redactPersonalData: payment cards', () => {
  it.each([
    ['card 4111 1111 1111 1111 exp 12/26', 'card [CARD] exp 12/26'],
    ['5500-0000-0000-0004', '[CARD]'],
    ['amex 378282246310005.', 'amex [CARD].'],
    ['4012888888881881', '[CARD]'],
    ['ending **** **** **** 4242', 'ending [CARD]'],
  ])('replaces %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps digit strings that fail the Luhn check or are glued to letters', () => {
    expect(redact('ref 4111 1111 1111 1112')).toBe('ref 4111 1111 1111 1112');
    expect(redact('tracking 1Z999AA10123456784')).toBe('tracking 1Z999AA10123456784');
  });

  it('checks Luhn', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
  });
});

describe('redactPersonalData: IBANs and SSNs', () => {
  it('replaces grouped and compact IBANs that pass mod 97', () => {
    expect(redact('IBAN DE89 3704 0044 0532 0130 00 please')).toBe('IBAN [IBAN] please');
    expect(redact('GB82WEST12345698765432')).toBe('[IBAN]');
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
  });

  it('keeps IBAN-shaped strings with a wrong checksum', () => {
    expect(findPersonalData('DE00 3704 0044 0532 0130 00').filter((span) => span.type === 'iban')).toEqual([]);
    expect(redact('ref DE00370400440532013000')).toBe('ref DE00370400440532013000');
  });

  it('replaces US social security numbers but not impossible ones', () => {
    expect(redact('SSN 123-45-6789')).toBe('SSN [SSN]');
    expect(redact('000-12-3456')).toBe('000-12-3456');
  });
});

describe('redactPersonalData: street addresses', () => {
  it.each([
    ['Ship to 221B Baker Street, London', 'Ship to [ADDRESS], London'],
    ['1600 Amphitheatre Parkway, Mountain View, CA 94043.', '[ADDRESS].'],
    ['742 Evergreen Terrace.', '[ADDRESS].'],
    ['12 W. 34th St., Apt 5C', '[ADDRESS]'],
    ['45 Oak Drive, Springfield', '[ADDRESS], Springfield'],
    ['Springfield, IL 62704', '[ADDRESS]'],
    ['Hauptstraße 5, Berlin', '[ADDRESS], Berlin'],
    ['12 rue de la Paix', '[ADDRESS]'],
    ['Calle Mayor 10', '[ADDRESS]'],
    ['P.O. Box 1234', '[ADDRESS]'],
  ])('replaces %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps numbers before words that merely look like street suffixes', () => {
    expect(redact('I have 2 Google Drive accounts and 3 ways to pay')).toBe('I have 2 Google Drive accounts and 3 ways to pay');
  });
});

describe('redactPersonalData: names', () => {
  it('replaces known names whole and by part, keeping ordinary words', () => {
    expect(redact('Jane Doe wrote in. Jane said Doe is her surname. Will she call?', { names: ['Jane Doe'] })).toBe(
      '[NAME] wrote in. [NAME] said [NAME] is her surname. Will she call?',
    );
    expect(redact('Will Turner will call back', { names: ['Will Turner'] })).toBe('[NAME] will call back');
  });

  it('finds names in greetings and sign-offs and redacts them everywhere', () => {
    const text = 'Hi Priya,\n\nThe refund is on its way. Priya, you will see it in 5 days.\n\nBest regards,\nMarcus Lee\nAcme Support';
    expect(redact(text, { detectNames: false })).toBe(
      'Hi [NAME],\n\nThe refund is on its way. [NAME], you will see it in 5 days.\n\nBest regards,\n[NAME]\nAcme Support',
    );
    expect(redact('Thanks, Alex', { detectNames: false })).toBe('Thanks, [NAME]');
    expect(redact('Dear Mrs. Okafor,\nthank you.', { detectNames: false })).toBe('Dear Mrs. [NAME],\nthank you.');
    expect(redact('My name is Sofia Rossi and I need help', { detectNames: false })).toBe('My name is [NAME] and I need help');
  });

  it('does not take greeting words for names', () => {
    const text = 'Hi there,\nHello Team!\nThanks again,\nSupport Team';
    expect(redact(text, { detectNames: false })).toBe(text);
  });

  it('finds other people by the English recogniser', () => {
    expect(redact('My colleague John Smith will call you tomorrow.')).toBe('My colleague [NAME] will call you tomorrow.');
  });

  it('still recognises a capitalised name at a sentence start or in the middle of one', () => {
    expect(redact('John will call you tomorrow.')).toBe('[NAME] will call you tomorrow.');
    expect(redact('so my colleague John Smith will call you tomorrow')).toBe('so my colleague [NAME] will call you tomorrow');
  });

  it('finds the same in a text without capitals whether the recogniser runs or not', () => {
    // The recogniser keeps only capitalised names, so it is skipped for such texts; a lower-case name stays.
    for (const text of ['my colleague john smith will call you tomorrow', 'hi, can you mail jane@example.com or call 555 123 4567? thanks, sam']) {
      expect(findPersonalData(text)).toEqual(findPersonalData(text, { detectNames: false }));
    }
    expect(redact('my colleague john smith will call')).toBe('my colleague john smith will call');
  });

  it('does not run the English recogniser on other languages', () => {
    expect(findPersonalData('Mein Kollege Johann Schmidt ruft morgen an.', { locale: 'de' })).toEqual([]);
  });
});

describe('redactPersonalData: what must survive', () => {
  const survivors = [
    'Order NW-10482 was placed on 2024-03-15 and shipped 03/18/2024.',
    'Total: $1,299.99 (tax $104.00), paid on March 3, 2024 at 10:30.',
    'Ticket #48213, order #1048293847, qty 12, version 2.3.4, SKU 4006381333931.',
    'Please reset the Zendesk Guide and Chrome cache, then open Settings > Billing.',
    'Will you help? May I ask whether the Sync Engine works?',
    'Error code 0x80070005 at line 1234, build 20240315.1',
    'Our order number is 1048293847 and the tracking is 9400 1000 0000 0000 0000 00.',
  ];
  it.each(survivors)('keeps %j', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('findPersonalData', () => {
  it('reports non-overlapping spans in text order, structured kinds winning over names', () => {
    const text = 'Email jane.doe@example.com or call 555-123-4567, Jane';
    const spans = findPersonalData(text, { names: ['Jane Doe'] });
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([
      ['email', 'jane.doe@example.com'],
      ['phone', '555-123-4567'],
      ['name', 'Jane'],
    ]);
  });
});

describe('createPersonalDataCache', () => {
  it('answers a text seen before from the cache, keyed by the options too', () => {
    const cache = createPersonalDataCache();
    const text = 'Write to jane.doe@example.com';
    const first = findPersonalData(text, { cache });
    expect(findPersonalData(text, { cache })).toBe(first);
    expect(findPersonalData(text, { cache, names: ['Jane Doe'] })).not.toBe(first);
    expect(redactPersonalData(text, { cache })).toBe('Write to [EMAIL]');
  });

  it('redacts a message edited in the helpdesk again: the edited text is a text of its own', () => {
    const cache = createPersonalDataCache();
    expect(redact('Please ask for a refund.', { cache })).toBe('Please ask for a refund.');
    expect(redact('Please ask Maria Lopez for a refund.', { cache })).toBe('Please ask [NAME] for a refund.');
    expect(redact('Please ask for a refund.', { cache })).toBe('Please ask for a refund.');
  });

  it('forgets the least recently used text beyond its limit', () => {
    const cache = createPersonalDataCache(2);
    const [a, b, c] = ['call 555-123-4567', 'mail a@example.com', 'card 4111 1111 1111 1111'];
    const first = findPersonalData(a, { cache });
    findPersonalData(b, { cache });
    expect(findPersonalData(a, { cache })).toBe(first); // a is now the most recently used
    const cFirst = findPersonalData(c, { cache }); // evicts b
    expect(findPersonalData(a, { cache })).toBe(first);
    findPersonalData(b, { cache }); // detected again, evicting c
    expect(findPersonalData(c, { cache })).not.toBe(cFirst);
    expect(findPersonalData(c, { cache })).toEqual(cFirst);
  });
});
