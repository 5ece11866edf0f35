import type { DemoArticle, DemoMacro } from './types.js';

type ArticleSeed = Omit<DemoArticle, 'createdAt' | 'updatedAt' | 'locale'>;

/** The demo shop's help center: the knowledge every channel answers from. */
export const ARTICLE_SEEDS: ArticleSeed[] = [
  {
    key: 'shipping-times',
    category: 'Orders & Shipping',
    section: 'Delivery',
    title: 'Shipping times and costs',
    labels: ['shipping', 'delivery'],
    bodyHtml: `<p>We ship every order from our warehouse in Reno, Nevada. Orders placed before 2 pm Pacific on a business day leave the same day.</p>
<h2>Delivery options</h2>
<table><thead><tr><th>Option</th><th>Delivery time</th><th>Cost</th></tr></thead>
<tbody><tr><td>Standard</td><td>3–5 business days</td><td>$6.95, free over $75</td></tr>
<tr><td>Expedited</td><td>2 business days</td><td>$14.95</td></tr>
<tr><td>Overnight</td><td>1 business day</td><td>$29.95</td></tr></tbody></table>
<h2>Remote addresses</h2>
<p>Deliveries to Alaska, Hawaii and PO boxes take 2–4 extra business days and always go by USPS.</p>`,
  },
  {
    key: 'track-order',
    category: 'Orders & Shipping',
    section: 'Delivery',
    title: 'How to track your order',
    labels: ['tracking', 'delivery', 'order status'],
    bodyHtml: `<p>As soon as your order leaves the warehouse we email you a tracking link. You can also follow it from <strong>Account → Orders</strong>.</p>
<h2>Tracking shows no movement</h2>
<ol><li>Carriers often scan a parcel for the first time 24 hours after pickup, so wait one business day.</li>
<li>If there is no update after 3 business days, contact us with your order number (it starts with NW-).</li></ol>
<h2>Marked as delivered but not received</h2>
<p>Check with neighbours and your building's mail room, and wait until the end of the next business day: carriers sometimes mark parcels delivered early.
If it still has not arrived, tell us within 14 days of the delivery date and we will open a carrier claim and send a replacement or refund once the claim is filed.</p>`,
  },
  {
    key: 'lost-package',
    category: 'Orders & Shipping',
    section: 'Problems with an order',
    title: 'My package is late or lost',
    labels: ['lost', 'late', 'delivery', 'replacement'],
    bodyHtml: `<p>Most late parcels arrive within 5 business days of the estimated date.</p>
<h2>When we treat a parcel as lost</h2>
<ul><li>Standard shipping: no tracking update for 7 business days.</li>
<li>Expedited or overnight: no update for 3 business days.</li></ul>
<h2>What we do</h2>
<p>We open a trace with the carrier and ship a free replacement by expedited delivery, or refund you in full if the item is out of stock. You do not need to wait for the carrier's investigation to finish.</p>`,
  },
  {
    key: 'change-cancel-order',
    category: 'Orders & Shipping',
    section: 'Problems with an order',
    title: 'Changing or cancelling an order',
    labels: ['cancel', 'change order', 'address'],
    bodyHtml: `<p>You can change the address, size or colour, or cancel, within <strong>1 hour</strong> of placing the order from <strong>Account → Orders → Edit</strong>.</p>
<p>After that the order is being packed. Contact us as soon as possible: if it has not shipped we can usually still change the address. Once shipped, refuse the delivery or return it for a refund.</p>`,
  },
  {
    key: 'returns-policy',
    category: 'Returns & Refunds',
    section: 'Returns',
    title: 'Our 60-day return policy',
    labels: ['returns', 'exchange'],
    bodyHtml: `<p>You can return unused items in their original packaging within <strong>60 days</strong> of delivery for a full refund or an exchange.</p>
<h2>What can't be returned</h2>
<ul><li>Used camp stoves and fuel canisters</li><li>Personalised or engraved items</li><li>Gift cards</li></ul>
<h2>How to return</h2>
<ol><li>Go to <strong>Account → Orders</strong> and choose <em>Start a return</em>.</li>
<li>Print the prepaid label (free for exchanges; $7.50 is deducted from refunds).</li>
<li>Drop the parcel at any UPS location within 14 days.</li></ol>`,
  },
  {
    key: 'refund-timing',
    category: 'Returns & Refunds',
    section: 'Refunds',
    title: 'When will I get my refund?',
    labels: ['refund', 'money back'],
    bodyHtml: `<p>We refund to the original payment method within <strong>2 business days</strong> of your return reaching our warehouse. You get an email when we issue it.</p>
<p>Your bank then needs 3–10 business days to show it. PayPal refunds appear within 24 hours. Store credit is available immediately.</p>
<p>Refunds above $500 are reviewed by our billing team before they are issued.</p>`,
  },
  {
    key: 'warranty',
    category: 'Returns & Refunds',
    section: 'Warranty',
    title: 'Lifetime warranty on Northwind gear',
    labels: ['warranty', 'repair', 'defect'],
    bodyHtml: `<p>Every Northwind-branded product is guaranteed against defects in materials and workmanship for its lifetime.</p>
<h2>Covered</h2><ul><li>Broken zippers, buckles and seams</li><li>Delaminating boots and jackets</li><li>Tent poles that snap in normal use</li></ul>
<h2>Not covered</h2><ul><li>Normal wear, accidents and pet damage</li><li>Products from other brands (their own warranty applies)</li></ul>
<h2>How to claim</h2><p>Send us photos of the defect and your order number. We repair, replace, or give store credit, and pay shipping both ways.</p>`,
  },
  {
    key: 'sizing',
    category: 'Products',
    section: 'Fit & sizing',
    title: 'Size guide for boots and jackets',
    labels: ['size', 'fit', 'boots', 'jackets'],
    bodyHtml: `<h2>Boots</h2><p>Our boots run true to US sizing. If you are between sizes or wear thick wool socks, take the half size up.</p>
<h2>Jackets</h2><table><thead><tr><th>Size</th><th>Chest (in)</th><th>Sleeve (in)</th></tr></thead>
<tbody><tr><td>S</td><td>35–37</td><td>33</td></tr><tr><td>M</td><td>38–40</td><td>34</td></tr><tr><td>L</td><td>41–43</td><td>35</td></tr><tr><td>XL</td><td>44–46</td><td>36</td></tr></tbody></table>
<p>Exchanges for a different size are free within 60 days.</p>`,
  },
  {
    key: 'tent-care',
    category: 'Products',
    section: 'Care & repair',
    title: 'Cleaning and waterproofing your tent',
    labels: ['tent', 'care', 'waterproofing'],
    bodyHtml: `<p>Never machine-wash a tent. Sponge it with lukewarm water and a non-detergent soap, then pitch it in the shade to dry completely before storing.</p>
<h2>Restoring water repellency</h2><ol><li>Clean the fly.</li><li>Spray a DWR treatment evenly while it is still damp.</li><li>Let it dry for 24 hours.</li></ol>
<p>Re-seal seams once a season with seam sealer if you see leaks along the stitching.</p>`,
  },
  {
    key: 'password-reset',
    category: 'Your account',
    section: 'Sign-in',
    title: 'Resetting your password',
    labels: ['password', 'login', 'account'],
    bodyHtml: `<p>Choose <strong>Forgot password</strong> on the sign-in page and enter your email. The reset link is valid for 30 minutes.</p>
<p>No email? Check your spam folder and that you used the address you signed up with. After 5 failed sign-ins the account locks for 15 minutes.</p>
<p>If you think someone else has accessed your account, do not just reset the password: contact us so our security team can secure it.</p>`,
  },
  {
    key: 'payment-methods',
    category: 'Payments',
    section: 'Paying',
    title: 'Payment methods and declined cards',
    labels: ['payment', 'card', 'declined', 'paypal'],
    bodyHtml: `<p>We accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay and Northwind gift cards.</p>
<h2>My card was declined</h2><ul><li>Check the billing ZIP code matches your card statement.</li><li>Some banks block first purchases from a new shop: approve it in your bank's app and try again.</li><li>A declined payment is never charged; any pending amount disappears within 3 days.</li></ul>`,
  },
  {
    key: 'promo-codes',
    category: 'Payments',
    section: 'Discounts',
    title: 'Using discount codes',
    labels: ['discount', 'promo code', 'coupon'],
    bodyHtml: `<p>Enter the code in the <strong>Discount code</strong> box at checkout. Only one code applies per order.</p>
<p>Codes don't apply to gift cards or items already on sale. Missed a code on a recent order? We can apply it within 14 days of purchase.</p>`,
  },
  {
    key: 'international',
    category: 'Orders & Shipping',
    section: 'International',
    title: 'International shipping, duties and taxes',
    labels: ['international', 'customs', 'duties'],
    bodyHtml: `<p>We ship to Canada, the UK, the EU, Australia and New Zealand. International orders take 7–14 business days.</p>
<p>Prices exclude import duties and VAT, which the carrier collects on delivery. Refused international parcels are refunded minus the return shipping cost.</p>`,
  },
  {
    key: 'rewards',
    category: 'Your account',
    section: 'Rewards',
    title: 'Trail Rewards points',
    labels: ['rewards', 'points', 'loyalty'],
    bodyHtml: `<p>Members earn 1 point per dollar spent. Every 100 points is a $5 reward, applied automatically at checkout.</p>
<p>Points post 60 days after delivery (once the return window has closed) and expire after 18 months without a purchase.</p>`,
  },
];

export const MACROS: DemoMacro[] = [
  { key: 'ask-order-number', title: 'Ask for the order number', bodyText: 'Could you send me your order number? It starts with NW- and is in your confirmation email.' },
  { key: 'replacement-shipped', title: 'Replacement shipped', bodyText: 'I have shipped a free replacement by expedited delivery. You will get a tracking link by email today.' },
  { key: 'return-label', title: 'Send a return label', bodyText: 'I have emailed you a prepaid return label. Drop the parcel at any UPS location within 14 days.' },
  { key: 'warranty-photos', title: 'Warranty: ask for photos', bodyText: 'Sorry your gear failed you. Please send a few photos of the defect and your order number so we can process the warranty claim.' },
];
