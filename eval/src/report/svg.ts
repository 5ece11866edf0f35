/**
 * Hand-written SVG charts for the Markdown report: horizontal grouped bars with value labels,
 * a legend and a scale, readable on GitHub in light and dark themes (explicit white background).
 */

export interface BarSeries {
  name: string;
  color: string;
}

export interface BarChartInput {
  title: string;
  /** One block of bars per group (a view, a stage). */
  groups: Array<{ label: string; values: number[] }>;
  series: BarSeries[];
  /** Axis maximum; default: the largest value (at least 1e-9). */
  max?: number;
  /** Formats a value for its label and the axis ticks. */
  format: (value: number) => string;
  /** A short line under the title (units, what "better" means). */
  subtitle?: string;
}

export const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#64748b'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * @example
 * barChart({ title: 'recall@5', groups: [{ label: 'dstc11 FAQ', values: [0.8, 0.6] }], series: [{ name: 'hybrid', color: PALETTE[0] }, { name: 'text', color: PALETTE[1] }], max: 1, format: (v) => v.toFixed(2) });
 */
export function barChart(input: BarChartInput): string {
  const width = 820;
  const labelWidth = 210;
  const valueWidth = 70;
  const plotWidth = width - labelWidth - valueWidth - 20;
  const barHeight = 14;
  const barGap = 3;
  const groupGap = 14;
  const top = input.subtitle ? 62 : 46;
  const legendHeight = 28;
  const max = Math.max(input.max ?? Math.max(...input.groups.flatMap((group) => group.values)), 1e-9);
  const groupHeight = input.series.length * (barHeight + barGap) - barGap;
  const plotHeight = input.groups.length * (groupHeight + groupGap);
  const height = top + plotHeight + 24 + legendHeight;
  const x = (value: number) => labelWidth + (Math.max(0, value) / max) * plotWidth;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="12" y="24" font-size="16" font-weight="600" fill="#111827">${escapeXml(input.title)}</text>`);
  if (input.subtitle) parts.push(`<text x="12" y="44" fill="#4b5563">${escapeXml(input.subtitle)}</text>`);
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    const tx = x(value);
    parts.push(`<line x1="${tx.toFixed(1)}" y1="${top - 6}" x2="${tx.toFixed(1)}" y2="${top + plotHeight}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${tx.toFixed(1)}" y="${top + plotHeight + 14}" text-anchor="middle" fill="#6b7280">${escapeXml(input.format(value))}</text>`);
  }
  input.groups.forEach((group, groupIndex) => {
    const gy = top + groupIndex * (groupHeight + groupGap);
    parts.push(`<text x="${labelWidth - 10}" y="${(gy + groupHeight / 2 + 4).toFixed(1)}" text-anchor="end" fill="#111827">${escapeXml(group.label)}</text>`);
    group.values.forEach((value, seriesIndex) => {
      const series = input.series[seriesIndex];
      if (!series) return;
      const by = gy + seriesIndex * (barHeight + barGap);
      const bw = Math.max(1, x(value) - labelWidth);
      parts.push(`<rect x="${labelWidth}" y="${by}" width="${bw.toFixed(1)}" height="${barHeight}" rx="2" fill="${series.color}"><title>${escapeXml(`${group.label} · ${series.name}: ${input.format(value)}`)}</title></rect>`);
      parts.push(`<text x="${(labelWidth + bw + 4).toFixed(1)}" y="${by + barHeight - 3}" fill="#374151">${escapeXml(input.format(value))}</text>`);
    });
  });
  let lx = 12;
  const ly = height - legendHeight + 8;
  for (const series of input.series) {
    parts.push(`<rect x="${lx}" y="${ly}" width="12" height="12" rx="2" fill="${series.color}"/>`);
    parts.push(`<text x="${lx + 17}" y="${ly + 10}" fill="#111827">${escapeXml(series.name)}</text>`);
    lx += 17 + series.name.length * 6.6 + 18;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
