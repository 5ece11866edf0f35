import { describe, expect, it } from 'vitest';
import { buildConversationQuery, isGenericSubject, type ConversationMessage } from './conversation-query.js';
import { createEntityFinder } from './entity-finder.js';

const finder = createEntityFinder([
  'Lensfield Hotel',
  'Avalon Hotel',
  'Acorn Guest House',
  'Trailblazer 2 Tent',
  'Summit Sleeping Bag',
  'Is there free parking?',
  'Shipping and delivery',
  'Hotel',
]);

const said = (authorRole: ConversationMessage['authorRole'], text: string, ticketRef = 'chat-1', isPublic = true): ConversationMessage => ({ authorRole, text, ticketRef, isPublic });

describe('entity finder', () => {
  it('finds a name without the words many names share, and ignores questions and lone kinds', () => {
    expect(finder.find('Does the Lensfield have parking?')).toEqual({ name: 'Lensfield Hotel', key: 'lensfield' });
    expect(finder.find('is there free parking?')).toBeUndefined();
    expect(finder.find('any hotel will do')).toBeUndefined();
  });

  it('takes the name mentioned last in a text', () => {
    expect(finder.find('Not the Avalon, I booked the Lensfield Hotel')?.name).toBe('Lensfield Hotel');
  });

  it('tells which titles and headings are about an entity', () => {
    const lensfield = finder.find('lensfield') as NonNullable<ReturnType<typeof finder.find>>;
    expect(finder.isAbout(lensfield, { title: 'Is there free parking?', sectionPath: ['Lensfield Hotel'] })).toBe(true);
    expect(finder.isAbout(lensfield, { title: 'Parking at the Lensfield', sectionPath: [] })).toBe(true);
    expect(finder.isAbout(lensfield, { title: 'Is there free parking?', sectionPath: ['Avalon Hotel'] })).toBe(false);
  });
});

describe('conversation query', () => {
  it('adds the hotel a chat named three turns earlier and leaves out the made-up chat subject', () => {
    const history = [
      said('customer', 'Hi, I am staying at the Lensfield Hotel next week.'),
      said('agent', 'Great choice! How can I help?'),
      said('customer', 'I will arrive by car with my family.'),
      said('agent', 'Noted.'),
    ];
    const built = buildConversationQuery({ subject: 'Chat with Jane Cooper', latestMessage: 'Is there free parking?', history, ticketRef: 'chat-1' }, finder);
    expect(built.entity).toMatchObject({ name: 'Lensfield Hotel', source: 'ticket' });
    expect(built.query).toBe('Lensfield Hotel\nIs there free parking?');
  });

  it('prefers the entity named most recently, and the latest message over everything', () => {
    const history = [said('customer', 'I looked at the Avalon first.'), said('customer', 'Then I booked the Acorn Guest House.')];
    expect(buildConversationQuery({ subject: 'Chat with Jane', latestMessage: 'Do they have wifi?', history }, finder).entity?.name).toBe('Acorn Guest House');
    const named = buildConversationQuery({ subject: 'Chat with Jane', latestMessage: 'Does the Avalon have wifi?', history }, finder);
    expect(named).toEqual({ query: 'Does the Avalon have wifi?', entity: { name: 'Avalon Hotel', key: 'avalon', source: 'message' } });
  });

  it("takes the product from the customer's ticket on another channel when this one never names it", () => {
    const history = [
      { ...said('customer', 'My order of the Trailblazer 2 tent has not arrived.', 'email-7'), ticketSubject: 'Late order' },
      said('customer', 'Hello again', 'chat-2'),
    ];
    const built = buildConversationQuery({ subject: 'Chat with Jane Cooper', latestMessage: 'The pole arrived broken, can I get a replacement part?', history, ticketRef: 'chat-2' }, finder);
    expect(built.entity).toMatchObject({ name: 'Trailblazer 2 Tent', source: 'other-ticket' });
    expect(built.query).toBe('Trailblazer 2 Tent\nThe pole arrived broken, can I get a replacement part?');
  });

  it("reads neither our own notes nor a bot's guesses as the conversation", () => {
    const history = [said('agent', 'Suggested answer about the Avalon Hotel', 'chat-1', false), said('bot', 'The Avalon Hotel has parking.')];
    expect(buildConversationQuery({ subject: 'Chat with Jane', latestMessage: 'Do you have rooms with a view of the river?', history }, finder).entity).toBeUndefined();
  });

  it('keeps a real subject, and reads a short follow-up with the message before it', () => {
    const history = [said('customer', 'My refund for order 1182 has not arrived yet.')];
    expect(buildConversationQuery({ subject: 'Refund status', latestMessage: 'Any news?', history }).query).toBe('Refund status\nMy refund for order 1182 has not arrived yet.\nAny news?');
    expect(buildConversationQuery({ subject: 'Refund status', latestMessage: 'How long does a card refund take to arrive?', history }).query).toBe('Refund status\nHow long does a card refund take to arrive?');
  });

  it('recognises the subjects helpdesks make up for conversations', () => {
    for (const subject of ['Chat with Jane Cooper', 'Call from +1 555 0100', 'WhatsApp message from Jane', 'Incoming call', '']) expect(isGenericSubject(subject)).toBe(true);
    for (const subject of ['Chat app crashes on login', 'My tent is late', 'Call quality is poor']) expect(isGenericSubject(subject)).toBe(false);
  });
});
