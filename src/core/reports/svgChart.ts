/**
 * A horizontal bar chart as an inline SVG string: no script, no external resource, so it can sit
 * in a self-contained HTML file or a VS Code webview under a strict Content-Security-Policy.
 * Text uses `currentColor` and bars a `bar` class so the page's light or dark theme applies.
 */
import { escapeHtml } from './escape';

export interface BarChartOptions {
  /** Accessible name of the chart (the SVG's `<title>`). */
  title: string;
  /** Unique within the page: the `<title>` is referenced by `aria-labelledby`. */
  id?: string;
  /** Total width in pixels (default 640). */
  width?: number;
  /** Height of one bar in pixels (default 18). */
  barHeight?: number;
  /** Width reserved for the labels (default 200); longer labels are shortened with `…`. */
  labelWidth?: number;
  /** Bar colour when the page does not style `.bar` (default a mid blue readable on light and dark). */
  color?: string;
}

const GAP = 6;
/** Approximate width of a character at the 12px font used, to shorten labels that would overflow. */
const CHAR_WIDTH = 7;
const VALUE_WIDTH = 48;

function shorten(label: string, width: number): string {
  const max = Math.max(4, Math.floor(width / CHAR_WIDTH));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export function barChartSvg(rows: ReadonlyArray<{ label: string; value: number }>, options: BarChartOptions): string {
  const width = options.width ?? 640;
  const barHeight = options.barHeight ?? 18;
  const labelWidth = options.labelWidth ?? 200;
  const color = options.color ?? '#4f7fd9';
  const id = `${options.id ?? 'chart'}-title`;
  const title = escapeHtml(options.title);
  const height = Math.max(1, rows.length) * (barHeight + GAP) + GAP;
  // Inline in HTML, SVG needs no xmlns: the output then holds no URL at all.
  const open = `<svg role="img" aria-labelledby="${escapeHtml(id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`;
  const head = `<title id="${escapeHtml(id)}">${title}</title>`;
  if (!rows.length) return `${open}${head}<text x="0" y="${GAP + barHeight * 0.7}" fill="currentColor">No data</text></svg>`;

  const max = Math.max(...rows.map((r) => r.value), 1);
  const span = Math.max(1, width - labelWidth - VALUE_WIDTH);
  const bars = rows.map((r, i) => {
    const y = GAP + i * (barHeight + GAP);
    const textY = (y + barHeight * 0.72).toFixed(1);
    // A non-zero value always gets a visible sliver.
    const w = r.value > 0 ? Math.max(2, (r.value / max) * span) : 0;
    const label = escapeHtml(r.label);
    return (
      `<g>` +
      `<text x="${labelWidth - GAP}" y="${textY}" text-anchor="end" fill="currentColor">${escapeHtml(shorten(r.label, labelWidth - GAP))}</text>` +
      `<rect class="bar" x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${escapeHtml(color)}"><title>${label}: ${r.value}</title></rect>` +
      `<text x="${(labelWidth + w + GAP).toFixed(1)}" y="${textY}" fill="currentColor">${r.value}</text>` +
      `</g>`
    );
  });
  return `${open}${head}${bars.join('')}</svg>`;
}
