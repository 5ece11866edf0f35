import type { TicketPriority } from '../model.js';

/** What a demo ticket is about: the customer's question and the agent's answer. */
export interface Topic {
  key: string;
  subject: string;
  ask: string;
  answer: string;
  tags: string[];
  priority: TicketPriority;
  group: string;
}

/** What customers write about, each answerable from (or escalated beyond) the help center. */
export const TOPICS: Topic[] = [
  { key: 'late', subject: 'Where is my order?', ask: 'My order {order} was supposed to arrive by now and tracking has not moved for days. Where is it?', answer: 'Sorry for the wait. Tracking for {order} stalled, so I have opened a trace and shipped a free replacement by expedited delivery.', tags: ['delivery', 'late'], priority: 'high', group: 'orders' },
  { key: 'return', subject: 'How do I return a jacket', ask: 'The jacket from order {order} does not fit. How do I send it back?', answer: 'You can start a return from Account → Orders within 60 days. I have emailed you a prepaid label.', tags: ['returns'], priority: 'normal', group: 'orders' },
  { key: 'refund', subject: 'Refund not received', ask: 'I returned {order} two weeks ago and still have no refund. When will I get my money back?', answer: 'Your return arrived last week and the refund was issued; banks take 3–10 business days to show it.', tags: ['refund'], priority: 'normal', group: 'billing' },
  { key: 'warranty', subject: 'Zipper broke on my backpack', ask: 'The main zipper on my Northwind backpack broke after one trip. Is this covered?', answer: 'Yes, that is covered by our lifetime warranty. Please send a photo of the zipper and your order number.', tags: ['warranty'], priority: 'normal', group: 'orders' },
  { key: 'size', subject: 'Which boot size should I get?', ask: 'I am between a 9 and a 9.5 and wear thick socks. Which size of the Ridgeline boot should I order?', answer: 'Take the half size up, a 9.5, when you wear thick wool socks. Size exchanges are free within 60 days.', tags: ['sizing'], priority: 'low', group: 'general' },
  { key: 'password', subject: "Can't log in", ask: 'I did not get the password reset email and now my account says it is locked.', answer: 'The account unlocks after 15 minutes. The reset link is valid for 30 minutes; please check your spam folder.', tags: ['account', 'login'], priority: 'normal', group: 'general' },
  { key: 'declined', subject: 'Card declined at checkout', ask: 'My Visa keeps getting declined at checkout but it works everywhere else.', answer: 'Please check the billing ZIP code and approve the purchase in your bank app. Declined payments are never charged.', tags: ['payment'], priority: 'normal', group: 'billing' },
  { key: 'promo', subject: 'Forgot to use my discount code', ask: 'I forgot to enter my code TRAIL15 on order {order} yesterday. Can you still apply it?', answer: 'Of course: codes can be applied within 14 days of purchase. I have refunded the 15% to your card.', tags: ['discount'], priority: 'low', group: 'billing' },
  { key: 'cancel', subject: 'Please cancel my order', ask: 'I ordered the wrong tent colour on {order}. Can I still change it?', answer: 'Your order had not shipped yet, so I changed the colour to forest green.', tags: ['order change'], priority: 'normal', group: 'orders' },
  { key: 'intl', subject: 'Customs fees on delivery', ask: 'The courier wants me to pay import VAT for my order {order} to the UK. Is that right?', answer: 'Yes, prices exclude import duties and VAT, which the carrier collects on delivery.', tags: ['international'], priority: 'normal', group: 'orders' },
  { key: 'legal', subject: 'Formal complaint', ask: 'Your stove leaked fuel and damaged my car. My lawyer will be in touch unless you compensate me.', answer: 'I have passed this to our customer relations team, who will contact you today.', tags: ['legal', 'complaint'], priority: 'urgent', group: 'escalations' },
  { key: 'hacked', subject: 'Someone used my account', ask: 'There is an order {order} on my account that I did not place and my email address was changed.', answer: 'Our security team has locked the account and cancelled the order; they will contact you to restore access.', tags: ['security'], priority: 'urgent', group: 'escalations' },
];

