import { describe, expect, it } from 'vitest';
import { barChart, PALETTE } from './svg.js';

describe('bar chart', () => {
  it('draws one bar per group and series, with escaped labels and a legend', () => {
    const svg = barChart({
      title: 'recall@5 <by view>',
      groups: [
        { label: 'dstc11 FAQ', values: [0.8, 0.4] },
        { label: 'hint3 & co', values: [0.5, 0.25] },
      ],
      series: [
        { name: 'hybrid', color: PALETTE[0] as string },
        { name: 'text', color: PALETTE[1] as string },
      ],
      max: 1,
      format: (value) => value.toFixed(2),
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x="210"/g)).toHaveLength(4);
    expect(svg).toContain('recall@5 &lt;by view&gt;');
    expect(svg).toContain('hint3 &amp; co');
    expect(svg).toContain('>0.80<');
  });
});
