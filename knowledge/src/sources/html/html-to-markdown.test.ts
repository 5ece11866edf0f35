import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from './html-to-markdown.js';

describe('htmlToMarkdown', () => {
  it('keeps headings h1–h6 as ATX headings', () => {
    const html = '<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>';
    expect(htmlToMarkdown(html)).toBe('# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six');
  });

  it('keeps bullet, numbered and nested lists', () => {
    const html = '<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol start="3"><li>third</li><li>fourth</li></ol>';
    expect(htmlToMarkdown(html)).toBe('- one\n- two\n  - nested\n\n3. third\n4. fourth');
  });

  it('renders a table with a header as a pipe table, escaping pipes in cells', () => {
    const html = '<table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Basic | Lite</td><td>$10</td></tr></tbody></table>';
    expect(htmlToMarkdown(html)).toBe('| Plan | Price |\n| --- | --- |\n| Basic \\| Lite | $10 |');
  });

  it('promotes the first row of a header-less table and flattens lists and breaks in cells', () => {
    const html =
      '<table><tr><td>Plan</td><td>Includes</td></tr><tr><td>Plus</td><td><ul><li>Express shipping</li><li>Priority support</li></ul></td></tr>' +
      '<tr><td>Basic</td><td><p>Tracking</p><p>Email<br>support</p></td></tr></table>';
    expect(htmlToMarkdown(html)).toBe(
      '| Plan | Includes |\n| --- | --- |\n| Plus | Express shipping; Priority support |\n| Basic | Tracking Email support |',
    );
  });

  it('unwraps layout tables and keeps the data table inside', () => {
    const html =
      '<table><tr><td><h2>Rates</h2><table><tr><th>Region</th><th>Cost</th></tr><tr><td>US</td><td>$5</td></tr></table></td><td><p>Side note</p></td></tr></table>';
    expect(htmlToMarkdown(html)).toBe('## Rates\n\n| Region | Cost |\n| --- | --- |\n| US  | $5  |\n\nSide note');
  });

  it('keeps code as inline code and fenced blocks with their language', () => {
    const html = '<p>Run <code>npm ci</code>:</p><pre><code class="language-bash">npm ci\nnpm test</code></pre>';
    expect(htmlToMarkdown(html)).toBe('Run `npm ci`:\n\n```bash\nnpm ci\nnpm test\n```');
  });

  it('keeps link text only by default, and absolute links when asked', () => {
    const html = '<p>See <a href="/help/refunds">refunds</a> or <a href="mailto:help@acme.test">mail us</a>.</p>';
    expect(htmlToMarkdown(html)).toBe('See refunds or mail us.');
    expect(htmlToMarkdown(html, { links: 'inline', baseUrl: 'https://acme.test/help/' })).toBe(
      'See [refunds](https://acme.test/help/refunds) or [mail us](mailto:help@acme.test).',
    );
  });

  it('drops scripts, styles, images, forms and (when asked) page chrome', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style></head><body><nav>Menu</nav><script>alert(1)</script>' +
      '<p>Body <img src="a.png" alt="pic"> text</p><form><input name="q"><button>Go</button></form><footer>Foot</footer></body></html>';
    expect(htmlToMarkdown(html)).toBe('Menu\n\nBody text\n\nFoot');
    expect(htmlToMarkdown(html, { stripChrome: true })).toBe('Body text');
  });

  it('does not litter prose with Markdown escapes but keeps text from turning into structure', () => {
    expect(htmlToMarkdown('<p>Use snake_case and *stars* [here]</p>')).toBe('Use snake_case and *stars* [here]');
    expect(htmlToMarkdown('<p># not a heading</p><p>1. not a list</p>')).toBe('\\# not a heading\n\n1\\. not a list');
  });

  it('contains no HTML in its output', () => {
    const html = '<div><table><tr><td><pre><code>x</code></pre></td><td><h3>Head</h3></td></tr><tr><td>a</td><td>b</td></tr></table></div>';
    expect(htmlToMarkdown(html)).not.toMatch(/<\/?[a-z][^>]*>/i);
  });
});
