import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { helpdeskAddress, helpdeskBaseUrl } from './connection-check.js';

describe('helpdesk addresses as admins type them', () => {
  it('makes the vendor URL of a bare name or host, and keeps only the origin of a URL', () => {
    expect(helpdeskBaseUrl('zendesk', ' Acme ')).toBe('https://acme.zendesk.com');
    expect(helpdeskBaseUrl('zendesk', 'acme.zendesk.com/')).toBe('https://acme.zendesk.com');
    expect(helpdeskBaseUrl('freshdesk', 'acme')).toBe('https://acme.freshdesk.com');
    expect(helpdeskBaseUrl('freshdesk', 'https://acme.freshdesk.com/a/tickets/5')).toBe('https://acme.freshdesk.com');
    expect(helpdeskBaseUrl('zendesk', 'http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
  });

  it('refuses what is not an address, and a URL that carries credentials', () => {
    for (const text of ['acme corp', 'https://', 'https://agent:pw@acme.zendesk.com', '']) {
      let failure: unknown;
      try {
        helpdeskBaseUrl('zendesk', text);
      } catch (error) {
        failure = error;
      }
      expect(isServerError(failure, 'SERVER_HELPDESK_ADDRESS_INVALID')).toBe(true);
    }
  });

  it('shows the subdomain or domain the form was given, and the URL of anything else', () => {
    expect(helpdeskAddress('zendesk', 'https://acme.zendesk.com')).toBe('acme');
    expect(helpdeskAddress('freshdesk', 'https://acme.freshdesk.com')).toBe('acme.freshdesk.com');
    expect(helpdeskAddress('zendesk', 'http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(helpdeskAddress('zendesk', 'https://support.acme.com')).toBe('https://support.acme.com');
  });
});
