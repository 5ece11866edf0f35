import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, createSource, createTenant, iterate, migratedDb } from '../../../test/index-helpers.js';
import { createHashEmbedder } from '../../embeddings/hash-embedder.js';
import { ingestDocuments } from '../../ingest/ingest-documents.js';
import type { ConversationMessage } from './conversation-query.js';
import { createEntityFinder } from './entity-finder.js';
import { loadEntityNames, withoutCategories } from './entity-names.js';
import { searchConversation } from './search-conversation.js';

const hotels = ['Lensfield Hotel', 'Avalon Hotel', 'Acorn Guest House', 'Alpha Milton Hotel'];
const faq = (hotel: string, id: string, question: string, answer: string) => article(`${id}-${hotel.toLowerCase().replace(/\W+/g, '-')}`, question, answer, { sectionPath: [hotel] });
const knowledge = [
  ...hotels.flatMap((hotel, index) => [
    faq(hotel, 'parking', 'Is there free parking?', index === 0 ? 'Guests park for free in the courtyard behind the building.' : `Parking costs ${index * 5} pounds a night at the public garage.`),
    faq(hotel, 'pets', 'Are pets allowed?', 'Small dogs are welcome in the ground floor rooms.'),
  ]),
  article('tent', 'Trailblazer 2 Tent', 'Replacement poles for the Trailblazer 2 ship free within five days.', { sectionPath: ['Tents'] }),
  article('bag', 'Summit Sleeping Bag', 'Replacement zips for the Summit bag ship within ten days.', { sectionPath: ['Sleeping bags'] }),
];

const said = (text: string, ticketRef = 'chat-1', authorRole: ConversationMessage['authorRole'] = 'customer'): ConversationMessage => ({ authorRole, text, ticketRef, isPublic: true });

describe.each(testDatabases())('conversation-aware retrieval on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  const embedder = createHashEmbedder();

  beforeAll(async () => {
    db = await migratedDb(create);
    tenantId = await createTenant(db);
    const sourceId = await createSource(db, tenantId);
    await ingestDocuments({ db, tenantId, sourceId, embedder, documents: iterate(knowledge) });
  });
  afterAll(async () => {
    await db.close();
  });

  it("retrieves the hotel's own answer for a chat whose hotel was named three turns earlier", async () => {
    const entities = createEntityFinder(await loadEntityNames(db, tenantId));
    for (const hotel of ['Lensfield Hotel', 'Alpha Milton Hotel']) {
      const history = [said(`Hello, I have a room at the ${hotel} from Friday.`), said('Happy to help!', 'chat-1', 'agent'), said('We are two adults.'), said('Noted.', 'chat-1', 'agent')];
      const { passages, query } = await searchConversation({
        db,
        tenantId,
        embedder,
        k: 3,
        entities,
        conversation: { subject: 'Chat with Jane Cooper', latestMessage: 'Is there free parking?', history, ticketRef: 'chat-1' },
      });
      expect(query.entity?.name).toBe(hotel);
      expect(passages[0]).toMatchObject({ title: 'Is there free parking?', sectionPath: [hotel] });
    }
  });

  it("takes the product from the customer's email ticket when the chat never names it", async () => {
    const entities = createEntityFinder(await loadEntityNames(db, tenantId));
    const history = [{ ...said('My Summit sleeping bag arrived two weeks late.', 'email-4'), ticketSubject: 'Late delivery' }, said('Hi again', 'chat-9')];
    const { passages } = await searchConversation({
      db,
      tenantId,
      embedder,
      k: 2,
      entities,
      conversation: { subject: 'Chat with Jane Cooper', latestMessage: 'The zip is broken, can I get a replacement?', history, ticketRef: 'chat-9' },
    });
    expect(passages[0]?.title).toBe('Summit Sleeping Bag');
  });

  it('takes no category of the knowledge for an entity: a subject saying "on delivery" names no place called Delivery', () => {
    const texts = ['Duties are collected on delivery. Delivery takes a week.', 'Most deliveries arrive on time; delivery dates are estimates.', 'The Avalon Hotel has a hotel bar. Guests love the Avalon.', 'Sign in to your account first.'];
    expect(withoutCategories(['Delivery', 'Your account', 'Avalon Hotel', 'Trailblazer 2 Tent'], texts)).toEqual(['Avalon Hotel', 'Trailblazer 2 Tent']);
    const finder = createEntityFinder(withoutCategories(['Delivery', 'Avalon Hotel'], texts));
    expect(finder.find('Customs fees on delivery')).toBeUndefined();
    expect(finder.find('Is the avalon hotel quiet?')?.name).toBe('Avalon Hotel');
  });

  it('reads only the sources it is asked about for names', async () => {
    expect(await loadEntityNames(db, tenantId, { sourceIds: [] })).toEqual([]);
    expect(await loadEntityNames(db, tenantId)).toEqual(expect.arrayContaining(['Lensfield Hotel', 'Trailblazer 2 Tent', 'Tents']));
    expect(await loadEntityNames(db, await createTenant(db))).toEqual([]);
  });
});
