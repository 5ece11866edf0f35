export { REDACTION_PLACEHOLDERS, createPersonalDataCache, findPersonalData, redactPersonalData, replacePersonalData } from './redact-personal-data.js';
export type { PersonalDataCache, PersonalDataSpan, PersonalDataType, RedactionOptions } from './redact-personal-data.js';
export { isLuhnValid } from './detectors/payment-card.js';
export { isIbanValid } from './detectors/iban.js';
