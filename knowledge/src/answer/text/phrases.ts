/**
 * The few fixed phrases the engine writes itself (greetings, sign-offs, the social DM invite, the
 * holding reply on escalation), in the languages tenants use most. Anything else falls back to English.
 */
export interface Phrases {
  greeting(firstName: string | undefined): string;
  /** The opening of a chat or message reply to a customer whose name is known ("Hi Jane!"). */
  hello(firstName: string): string;
  signOff: string;
  teamOf(company: string): string;
  defaultTeam: string;
  thanks: string;
  moreInfo: string;
  /** Names what a reply speaks of when its sentences do not ("About Hobsons House:"). */
  about(subject: string): string;
  dmInvite: string;
  holding: string;
  /** The question a chat answer ends on, as an agent's does: the conversation stays open. */
  anythingElse: string;
}

const PHRASES: Record<string, Phrases> = {
  en: {
    greeting: (name) => (name ? `Hi ${name},` : 'Hello,'),
    hello: (name) => `Hi ${name}!`,
    signOff: 'Best regards,',
    teamOf: (company) => `The ${company} team`,
    defaultTeam: 'The support team',
    thanks: 'Thanks for getting in touch.',
    moreInfo: 'More details:',
    about: (subject) => `About ${subject}:`,
    dmInvite: 'For anything specific to your account, please send us a direct message.',
    holding: "Thanks for reaching out. I've passed your message to the right team, and they will get back to you as soon as possible.",
    anythingElse: 'Would you like to know anything else?',
  },
  es: {
    greeting: (name) => (name ? `Hola ${name}:` : 'Hola:'),
    hello: (name) => `¡Hola ${name}!`,
    signOff: 'Saludos cordiales,',
    teamOf: (company) => `El equipo de ${company}`,
    defaultTeam: 'El equipo de soporte',
    thanks: 'Gracias por escribirnos.',
    moreInfo: 'Más información:',
    about: (subject) => `Sobre ${subject}:`,
    dmInvite: 'Para cualquier consulta sobre tu cuenta, envíanos un mensaje directo.',
    holding: 'Gracias por escribirnos. He pasado tu mensaje al equipo adecuado, que te responderá lo antes posible.',
    anythingElse: '¿Hay algo más que quieras saber?',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    hello: (name) => `Bonjour ${name} !`,
    signOff: 'Cordialement,',
    teamOf: (company) => `L'équipe ${company}`,
    defaultTeam: "L'équipe support",
    thanks: 'Merci de nous avoir contactés.',
    moreInfo: 'Plus de détails :',
    about: (subject) => `À propos de ${subject} :`,
    dmInvite: 'Pour toute question sur votre compte, envoyez-nous un message privé.',
    holding: "Merci de votre message. Je l'ai transmis à l'équipe concernée, qui vous répondra dès que possible.",
    anythingElse: 'Y a-t-il autre chose que vous aimeriez savoir ?',
  },
  de: {
    greeting: (name) => (name ? `Hallo ${name},` : 'Guten Tag,'),
    hello: (name) => `Hallo ${name}!`,
    signOff: 'Viele Grüße',
    teamOf: (company) => `Ihr ${company}-Team`,
    defaultTeam: 'Ihr Support-Team',
    thanks: 'Danke für Ihre Nachricht.',
    moreInfo: 'Weitere Details:',
    about: (subject) => `Zu ${subject}:`,
    dmInvite: 'Für Fragen zu Ihrem Konto schreiben Sie uns bitte eine Direktnachricht.',
    holding: 'Danke für Ihre Nachricht. Ich habe sie an das zuständige Team weitergegeben, das sich so schnell wie möglich bei Ihnen meldet.',
    anythingElse: 'Gibt es noch etwas, das Sie wissen möchten?',
  },
  pt: {
    greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
    hello: (name) => `Olá ${name}!`,
    signOff: 'Atenciosamente,',
    teamOf: (company) => `Equipe ${company}`,
    defaultTeam: 'Equipe de suporte',
    thanks: 'Obrigado por entrar em contato.',
    moreInfo: 'Mais detalhes:',
    about: (subject) => `Sobre ${subject}:`,
    dmInvite: 'Para questões sobre a sua conta, envie-nos uma mensagem direta.',
    holding: 'Obrigado pela sua mensagem. Encaminhei-a para a equipe responsável, que responderá o mais rápido possível.',
    anythingElse: 'Há mais alguma coisa que gostaria de saber?',
  },
  it: {
    greeting: (name) => (name ? `Ciao ${name},` : 'Buongiorno,'),
    hello: (name) => `Ciao ${name}!`,
    signOff: 'Cordiali saluti,',
    teamOf: (company) => `Il team ${company}`,
    defaultTeam: 'Il team di assistenza',
    thanks: 'Grazie per averci contattato.',
    moreInfo: 'Maggiori dettagli:',
    about: (subject) => `Su ${subject}:`,
    dmInvite: 'Per domande sul tuo account, inviaci un messaggio diretto.',
    holding: 'Grazie per il messaggio. L’ho inoltrato al team competente, che ti risponderà il prima possibile.',
    anythingElse: 'C’è qualcos’altro che vorresti sapere?',
  },
  nl: {
    greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    hello: (name) => `Hallo ${name}!`,
    signOff: 'Met vriendelijke groet,',
    teamOf: (company) => `Het ${company}-team`,
    defaultTeam: 'Het supportteam',
    thanks: 'Bedankt voor je bericht.',
    moreInfo: 'Meer informatie:',
    about: (subject) => `Over ${subject}:`,
    dmInvite: 'Voor vragen over je account kun je ons een privébericht sturen.',
    holding: 'Bedankt voor je bericht. Ik heb het doorgestuurd naar het juiste team, dat zo snel mogelijk contact met je opneemt.',
    anythingElse: 'Is er nog iets dat je wilt weten?',
  },
};

/** Phrases for a BCP 47 language ("pt-BR" uses "pt"); English when the language has none. */
export function phrasesFor(language: string): Phrases {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return PHRASES[primary] ?? (PHRASES.en as Phrases);
}

/** True when the engine has its own phrases in `language`. */
export function hasPhrases(language: string): boolean {
  return (language.toLowerCase().split(/[-_]/)[0] ?? '') in PHRASES;
}
