export { REDACTION_PLACEHOLDERS, createPersonalDataCache, findPersonalData, redactPersonalData, replacePersonalData, withRecognizedNames } from './redact-personal-data.js';
export type { PersonalDataCache, PersonalDataSpan, PersonalDataType, RedactionOptions } from './redact-personal-data.js';
export { createNameRecognizer } from './name-recognizer.js';
export type { NameRecognizer, NameRecognizerOptions, NameRecognizerThread, NameRecognizerUsage } from './name-recognizer.js';
export { isLuhnValid } from './detectors/payment-card.js';
export { isIbanValid } from './detectors/iban.js';
