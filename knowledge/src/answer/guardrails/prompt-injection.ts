/**
 * Detection of instructions hidden in customer text. A hit never makes the engine obey or refuse
 * anything by itself: it caps the action at `draft` so a person reads the answer before it goes out.
 * Patterns favour recall on the known phrasings; false positives cost only an agent's glance.
 */

interface InjectionPattern {
  name: string;
  pattern: RegExp;
}

const PATTERNS: InjectionPattern[] = [
  {
    name: 'ignore-instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|skip)\b[^.\n]{0,40}\b(?:instructions?|prompts?|rules|directions|guidelines|policy|policies|programming|context)\b/iu,
  },
  { name: 'system-prompt', pattern: /\b(?:system|initial|hidden|original|developer)\s+(?:prompt|message|instructions?)\b/iu },
  {
    name: 'reveal-instructions',
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|tell me|give me|what (?:is|are))\b[^.\n]{0,30}\b(?:your|the)\s+(?:instructions|prompt|guidelines|configuration|programming)\b/iu,
  },
  { name: 'role-change', pattern: /\b(?:you are now|from now on,? you(?: are| will| must)?|you're now|you will now act)\b/iu },
  { name: 'act-as', pattern: /\b(?:act|behave|respond|answer) as (?:if |though )?(?:a|an|the|my|your|you|if)\b(?! soon)/iu },
  { name: 'pretend', pattern: /\b(?:pretend (?:to be|you are|you're)|role-?play as|simulate being)\b/iu },
  {
    // Aimed at the assistant ("your rules", "all restrictions"), so "change my notification settings" stays clean.
    name: 'policy-change',
    pattern:
      /\b(?:change|update|override|bypass|disable|turn off|ignore|lift|remove)\s+(?:your|all|any|these|those|the assistant's|the bot's)\s+(?:[\p{L}-]+\s+)?(?:polic(?:y|ies)|rules|guardrails|restrictions|filters?|safety|limits?)\b/iu,
  },
  {
    name: 'forced-action',
    pattern: /\byou (?:must|have to|are required to|are authori[sz]ed to|are allowed to)\s+(?:approve|issue|grant|refund|send|reply|escalate|close|delete)\b/iu,
  },
  { name: 'new-instructions', pattern: /\b(?:new|updated|additional|real) instructions?\s*[:-]/iu },
  { name: 'markup', pattern: /<\/?\s*(?:system|assistant|instructions?|im_start|im_end)\b[^>]*>|\[\/?INST\]|#{2,}\s*(?:system|instructions?)\b/iu },
  { name: 'jailbreak', pattern: /\b(?:jailbreak|DAN mode|developer mode|god mode)\b/iu },
  // The same asks in the other languages the product serves.
  {
    name: 'ignore-instructions-i18n',
    pattern:
      /\b(?:ignora|olvida|ignore[sz]?|oublie[sz]?|ignoriere|vergiss|ignorar|esque[çc]a|dimentica|negeer)\b[^.\n]{0,40}\b(?:instrucciones|instructions|consignes|anweisungen|instru[çc][õo]es|istruzioni|instructies|reglas|r[èe]gles|regeln)\b/iu,
  },
];

/** Names of the injection patterns found in `text` (empty when none). */
export function detectPromptInjection(text: string): string[] {
  return PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}
