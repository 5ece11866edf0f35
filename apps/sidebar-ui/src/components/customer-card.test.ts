import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import type { CustomerCard } from '../api-types.js';
import { CustomerCardView } from './customer-card.js';

/** Every string in a rendered tree, in document order (the card is a pure function of its props). */
function texts(node: unknown): string[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (typeof node === 'string' || typeof node === 'number') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(texts);
  const vnode = node as VNode<{ children?: unknown }>;
  if (typeof vnode.type === 'function') return texts((vnode.type as (props: unknown) => unknown)(vnode.props));
  return texts(vnode.props?.children);
}

const card: CustomerCard = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Jane Cooper',
  locale: 'en-US',
  organization: { id: '00000000-0000-4000-8000-000000000002', externalId: '360041225101', name: 'Summit Guides Ltd', domains: ['summitguides.example'] },
  identities: [],
  helpdeskIds: ['1'],
  channels: [],
  tickets: [],
};

describe('customer card', () => {
  it("shows the customer's organization on one line under the name", () => {
    const shown = texts(CustomerCardView({ card, currentTicketId: '1' }));
    expect(shown.slice(0, 3)).toEqual(['Jane Cooper', 'Organization: ', 'Summit Guides Ltd']);
  });

  it('shows no organization line for a customer without one', () => {
    expect(texts(CustomerCardView({ card: { ...card, organization: null }, currentTicketId: '1' }))).not.toContain('Organization: ');
  });
});
