/**
 * DOM clean-up before Markdown conversion, on linkedom's DOM. Turndown keeps any table it cannot render
 * as a pipe table as raw HTML, so tables are reshaped here into something it can always render:
 * one header row, one line per cell, no layout tables.
 */

/** Elements that never carry readable content. */
const NOISE_SELECTOR = [
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'video', 'audio', 'img', 'picture',
  'link', 'meta', 'button', 'input', 'select', 'textarea', 'dialog', '[hidden]', '[aria-hidden="true"]',
].join(',');

/** Chrome that is never the page's content, wherever it sits. */
const CHROME_SELECTOR = ['nav', 'footer', '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="search"]'].join(',');
/** Page headers and sidebars, unless inside the article (where a header holds its title, an aside a note). */
const OUTER_CHROME_SELECTOR = 'header, aside';

const BLOCK_IN_CELL = 'p,div,ul,ol,li,h1,h2,h3,h4,h5,h6,br,blockquote,pre,hr,dl,dt,dd,section,article';

/** Removes scripts, styles, images, embedded media and form controls. */
export function removeNoise(root: Element): void {
  for (const node of Array.from(root.querySelectorAll(NOISE_SELECTOR))) node.remove();
}

/** Removes navigation, footers, and the page's header and sidebars (those of an article stay). */
export function stripPageChrome(root: Element): void {
  for (const node of Array.from(root.querySelectorAll(CHROME_SELECTOR))) node.remove();
  for (const node of Array.from(root.querySelectorAll(OUTER_CHROME_SELECTOR))) {
    if (!node.parentElement?.closest('article, main, [role="main"]')) node.remove();
  }
}

/** Rewrites every table under `root` so that turndown's GFM table rule renders it as a pipe table. */
export function normalizeTables(root: Element): void {
  unwrapLayoutTables(root);
  for (const table of Array.from(root.querySelectorAll('table'))) normalizeTable(table);
}

/** A table that contains a table is page layout, not data: its cells become plain blocks. */
function unwrapLayoutTables(root: Element): void {
  for (;;) {
    const outer = Array.from(root.querySelectorAll('table')).find((table) => table.querySelector('table') !== null);
    if (!outer) return;
    const doc = outer.ownerDocument;
    const replacement = doc.createElement('div');
    for (const row of rowsOf(outer)) {
      for (const cell of cellsOf(row)) {
        const block = doc.createElement('div');
        while (cell.firstChild) block.appendChild(cell.firstChild);
        replacement.appendChild(block);
      }
    }
    outer.replaceWith(replacement);
  }
}

function normalizeTable(table: Element): void {
  const doc = table.ownerDocument;
  const rows = rowsOf(table).filter((row) => cellsOf(row).length > 0);
  const firstRow = rows[0];
  if (!firstRow) {
    table.remove();
    return;
  }
  // A one-cell table is a callout box: keep its content as an ordinary block.
  if (rows.length === 1 && cellsOf(firstRow).length === 1) {
    const block = doc.createElement('div');
    const cell = cellsOf(firstRow)[0]!;
    while (cell.firstChild) block.appendChild(cell.firstChild);
    table.replaceWith(block);
    return;
  }
  for (const row of rows) for (const cell of cellsOf(row)) flattenCell(cell);

  // Rebuild as thead (first row as header) + tbody, dropping captions' position quirks and stray sections.
  const caption = table.querySelector('caption');
  const thead = doc.createElement('thead');
  const headerRow = doc.createElement('tr');
  for (const cell of cellsOf(firstRow)) {
    const th = doc.createElement('th');
    copySpan(cell, th);
    while (cell.firstChild) th.appendChild(cell.firstChild);
    headerRow.appendChild(th);
  }
  thead.appendChild(headerRow);
  const tbody = doc.createElement('tbody');
  for (const row of rows.slice(1)) tbody.appendChild(row);
  while (table.firstChild) table.firstChild.remove();
  if (caption) table.appendChild(caption);
  table.appendChild(thead);
  table.appendChild(tbody);
}

function copySpan(from: Element, to: Element): void {
  const colspan = from.getAttribute('colspan');
  if (colspan) to.setAttribute('colspan', colspan);
}

function rowsOf(table: Element): Element[] {
  return Array.from(table.querySelectorAll('tr')).filter((row) => row.closest('table') === table);
}

function cellsOf(row: Element): Element[] {
  return Array.from(row.children).filter((child) => child.tagName === 'TD' || child.tagName === 'TH');
}

/**
 * A pipe-table cell holds one line. Cells with lists or paragraphs are reduced to their text, list items
 * joined by `; `, so the table survives instead of falling back to HTML.
 */
function flattenCell(cell: Element): void {
  if (!cell.querySelector(BLOCK_IN_CELL)) return;
  const doc = cell.ownerDocument;
  for (const br of Array.from(cell.querySelectorAll('br'))) br.replaceWith(doc.createTextNode(' '));
  for (const item of Array.from(cell.querySelectorAll('li'))) item.appendChild(doc.createTextNode('; '));
  for (const block of Array.from(cell.querySelectorAll(BLOCK_IN_CELL))) block.appendChild(doc.createTextNode(' '));
  const text = (cell.textContent ?? '')
    .replace(/\s+/g, ' ')
    .replace(/(;\s*)+/g, '; ')
    .replace(/[;\s]+$/, '')
    .trim();
  while (cell.firstChild) cell.firstChild.remove();
  cell.appendChild(doc.createTextNode(text));
}
