/**
 * A customer asking for a person ("can I talk to an agent", "give me your customer care number")
 * is handed to one: answering instead is the failure customers resent most in support bots.
 * Patterns need an explicit ask for a human or for the support line, so "how do I contact the
 * courier" or "my contact number changed" stay with the knowledge answer.
 */

// Chat messages misspell the words that matter here ("agrnt", "coustmer"): the common slips count.
const PERSON = String.raw`(?:a |an |the |your |ur |some |one of your )?(?:real |live |actual |human |customer |coustmer |costumer |custmer |support |service )?(?:human|person|people|agent|agents|agrnt|agnet|representative|rep|executive|assistant|operator|advisor|adviser|expert|manager|supervisor|someone|somebody|staff|team member|customer (?:care|service|support)|support team|call cent(?:er|re))`;

const PATTERNS: RegExp[] = [
  // "talk to an agent", "speak with a real person", "chat with your executive", "connect me to a human";
  // chat shorthand drops the preposition: "connect an agent", "talk an assistant"
  new RegExp(String.raw`\b(?:talk|speak|chat|connect|transfer|put|get|escalate)(?:\s+me)?\s+(?:to|with|through to)\s+${PERSON}\b`, 'iu'),
  new RegExp(String.raw`\b(?:talk|speak|chat|connect)(?:\s+me)?\s+(?:a |an |the |your |ur )?(?:customer |coustmer |costumer |support |service )?(?:human|agent|agrnt|agnet|representative|executive|assistant|operator|advisor|adviser|expert|customer (?:care|service|support)|support team)\b`, 'iu'),
  // "I want a human", "need an agent", "agent please", "live agent"
  new RegExp(String.raw`\b(?:want|need|prefer|request|give me)\s+(?:a |an |to talk to (?:a |an )?)?(?:real |live |actual )?(?:human|person|agent|representative|executive|operator)\b`, 'iu'),
  /\b(?:live|human|real) (?:agent|person|support|chat)\b/iu,
  /^\s*(?:chat\s+)?(?:agent|human|representative|operator)(?:\s+please)?[\s!.?]*$/iu,
  // "call me back", "can someone call me", "request a callback"
  /\b(?:call me(?: back)?|call-?back|ring me|phone me)\b/iu,
  // "your phone number", "customer care number", "helpline", "toll-free number"
  /\b(?:your|customer (?:care|service|support)|support|helpline|call cent(?:er|re)|toll[- ]free|whats ?app)\s+(?:contact\s+|phone\s+|mobile\s+|telephone\s+)?(?:number|no\b|num\b)/iu,
  /\b(?:phone|telephone) number (?:to call|for support|of (?:your|the) (?:support|customer))/iu,
  /\bhelpline\b/iu,
  // "your contact number", "ur ph number", "your mail to contact you": the business's own line or address
  /\b(?:your|ur)\s+(?:contact\s+|contect\s+|phone\s+|ph\s+|mobile\s+|telephone\s+)?(?:number|no\b|num\b)/iu,
  /\b(?:your|ur)\s+(?:e-?mail|mail)\b/iu,
  // The whole message names the support line: "Customer care", "Contact", "Support"
  /^\s*(?:customer (?:care|service|support)|contact(?: us)?|support)[\s!.?]*$/iu,
  // The same asks in the other languages the product serves.
  /\b(?:hablar|comunicarme|contactar)\s+con\s+(?:un|una|el|la|alg[uú]n)?\s*(?:agente|persona|humano|asesor|representante|operador)\b/iu,
  /\b(?:parler|discuter)\s+(?:à|a|avec)\s+(?:un|une|quelqu'un|le|la)?\s*(?:conseill(?:er|[eè]re)|agent|humain|personne|opérateur)\b/iu,
  /\b(?:mit\s+(?:einem|einer)\s+(?:Mitarbeiter(?:in)?|Menschen|Berater(?:in)?|Person)\s+sprechen|Rückruf)\b/iu,
  /\b(?:falar|conversar)\s+com\s+(?:um|uma|o|a)?\s*(?:atendente|agente|pessoa|humano)\b/iu,
  /\b(?:parlare)\s+con\s+(?:un|una|l')?\s*(?:operatore|agente|persona|consulente)\b/iu,
];

/** True when the customer's text asks for a person or for the support line. */
export function isHumanRequested(text: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(text));
}
