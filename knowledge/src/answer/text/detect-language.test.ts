import { describe, expect, it } from 'vitest';
import { detectLanguage, knowledgeLanguage } from './detect-language.js';

describe('detectLanguage', () => {
  it("reads a customer's sentence, and falls back to the ticket's locale on a few letters", () => {
    expect(detectLanguage("Bonjour, ma commande n'est pas arrivée", 'en')).toBe('fr');
    expect(detectLanguage('Wo ist meine Bestellung?', 'en')).toBe('de');
    expect(detectLanguage('refund pls', 'de-DE')).toBe('de');
  });
});

describe('knowledgeLanguage', () => {
  it('keeps the customer language for short English knowledge whose names mislead the guess', () => {
    // tinyld alone reads these as Finnish, Italian and Tagalog.
    expect(knowledgeLanguage('Does KYMMOY offer alcohol?\nKymmoy serves alcoholic beverage.', 'en', ['KYMMOY'])).toBe('en');
    expect(knowledgeLanguage('Meze Bar serves alcohol.', 'en', ['Meze Bar'])).toBe('en');
    expect(knowledgeLanguage('Do you have BYOB?\nBYOB is not possible at Maharajah Tandoori Restaurant.', 'en', ['Maharajah Tandoori Restaurant'])).toBe('en');
  });

  it('tells knowledge in another language from the customer language when there is enough of it', () => {
    const english = 'Returns and refunds\nYou can return any unused item within 30 days. Open Orders and select Return items.';
    expect(knowledgeLanguage(english, 'es')).toBe('en');
    expect(knowledgeLanguage(english, 'en')).toBe('en');
    const german = 'Rücksendungen\nSie können jeden unbenutzten Artikel innerhalb von 30 Tagen zurückgeben. Öffnen Sie Bestellungen.';
    expect(knowledgeLanguage(german, 'en')).toBe('de');
    expect(knowledgeLanguage(german, 'de-DE')).toBe('de-DE');
  });
});
