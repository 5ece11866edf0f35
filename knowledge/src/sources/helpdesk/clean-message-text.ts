/**
 * Lines where an email client starts quoting the previous message: everything from there on is a
 * copy of earlier messages (already in the thread) and is cut.
 */
const QUOTE_HEADERS: RegExp[] = [
  /^On\s[^\n]{0,300}?(?:\n[^\n]{0,200}?)?wrote:\s*$/m,
  /^Am\s[^\n]{0,300}?schrieb[^\n]{0,100}:\s*$/m,
  /^Le\s[^\n]{0,300}?a écrit\s*:\s*$/m,
  /^El\s[^\n]{0,300}?escribió:\s*$/m,
  /^-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}/im,
  /^_{10,}\s*\nFrom:/m,
  /^From:[^\n]*\n(?:Sent|Date):/m,
  /^##- .* -##\s*$/m,
];

/** A signature delimiter (`-- `) or a mobile footer ends the message's own text. */
const SIGNATURE_START = /^(?:-- ?|Sent from my [^\n]+|Get Outlook for [^\n]+)$/m;

/**
 * The text a person actually wrote in a ticket message: quoted earlier messages (`>` lines, "On … wrote:"
 * blocks, Outlook headers, the helpdesk's reply-above-this-line marker) and signature footers removed.
 */
export function cleanMessageText(text: string): string {
  let body = text.replace(/\r\n?/g, '\n');
  for (const header of QUOTE_HEADERS) {
    const match = header.exec(body);
    if (match) body = body.slice(0, match.index);
  }
  const signature = SIGNATURE_START.exec(body);
  if (signature) body = body.slice(0, signature.index);
  return body
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
