export { REDACTION_PLACEHOLDERS, findPersonalData, redactPersonalData } from './redact-personal-data.js';
export type { PersonalDataSpan, PersonalDataType, RedactionOptions } from './redact-personal-data.js';
export { isLuhnValid } from './detectors/payment-card.js';
export { isIbanValid } from './detectors/iban.js';
