// A small SVG bar chart, written by hand so the benchmark needs no plotting package: one panel
// per figure (each on its own scale, since the units differ), one horizontal bar per series with
// its value printed beside it, and a dashed line where a figure has a goal.

export interface ChartSeries {
  /** Beside each bar: keep it short. */
  name: string;
  /** In the legend. */
  description: string;
  color: string;
}

export interface ChartPanel {
  title: string;
  /** Shown after the title, e.g. "ms, lower is better". */
  note: string;
  unit: string;
  /** One per series, in the series' order; null draws "not measured". */
  values: (number | null)[];
  /** A goal line; `status` (e.g. "met") follows its label. */
  marker?: { value: number; label: string; status?: string };
}

export interface Chart {
  title: string;
  /** Lines under the title. */
  caption: string[];
  series: ChartSeries[];
  panels: ChartPanel[];
  format: (value: number) => string;
  columns?: number;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const WIDTH = 1000;
const MARGIN = 20;
const GAP = 30;
const HEADER = 96;
const LABEL = 74;
const BAR = 18;
const BAR_GAP = 6;
const PANEL_TOP = 26;
const PANEL_BOTTOM = 24;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escape(content)}</text>`;
}

function panel(chart: Chart, p: ChartPanel, x: number, y: number, width: number): string {
  const parts = [`<text x="${x}" y="${y + 15}" font-size="14" fill="#111"><tspan font-weight="600">${escape(p.title)}</tspan><tspan dx="8" font-size="12" fill="#666">${escape(p.note)}</tspan></text>`];
  const present = p.values.filter((v): v is number => v !== null);
  const top = Math.max(...present, p.marker?.value ?? 0, Number.MIN_VALUE);
  // Room for the value label to the right of the longest bar.
  const span = width - LABEL - 115;
  const scale = span / top;
  const left = x + LABEL;
  if (p.marker) {
    // Drawn first so bars and their values sit on top of it.
    const mx = left + p.marker.value * scale;
    const y2 = y + PANEL_TOP + chart.series.length * (BAR + BAR_GAP);
    parts.push(`<line x1="${mx.toFixed(1)}" y1="${y + PANEL_TOP - 4}" x2="${mx.toFixed(1)}" y2="${y2}" stroke="#c62828" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    const label = `goal: ${p.marker.label} (${chart.format(p.marker.value)} ${p.unit})${p.marker.status ? `: ${p.marker.status}` : ""}`;
    parts.push(text(Math.min(mx, x + width - 6.2 * label.length), y2 + 13, label, 'font-size="11" fill="#c62828"'));
  }
  chart.series.forEach((series, i) => {
    const by = y + PANEL_TOP + i * (BAR + BAR_GAP);
    const value = p.values[i] ?? null;
    parts.push(text(left - 8, by + BAR / 2 + 4, series.name, 'font-size="12" text-anchor="end" fill="#333"'));
    if (value === null) {
      parts.push(text(left + 4, by + BAR / 2 + 4, "not measured", 'font-size="12" font-style="italic" fill="#999"'));
      return;
    }
    const w = Math.max(1, value * scale);
    parts.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="${BAR}" rx="2" fill="${series.color}"/>`);
    parts.push(text(left + w + 6, by + BAR / 2 + 4, `${chart.format(value)} ${p.unit}`, 'font-size="12" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke"'));
  });
  parts.push(`<line x1="${left}" y1="${y + PANEL_TOP - 3}" x2="${left}" y2="${y + PANEL_TOP + chart.series.length * (BAR + BAR_GAP)}" stroke="#999"/>`);
  return parts.join("\n");
}

export function renderChart(chart: Chart): string {
  const columns = chart.columns ?? 2;
  const panelWidth = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns;
  const panelHeight = PANEL_TOP + chart.series.length * (BAR + BAR_GAP) + PANEL_BOTTOM;
  const rows = Math.ceil(chart.panels.length / columns);
  const height = HEADER + rows * (panelHeight + 12) + MARGIN;
  let legendX = MARGIN;
  const legend = chart.series
    .map((s) => {
      const item = `<rect x="${legendX}" y="68" width="14" height="14" rx="2" fill="${s.color}"/>` + text(legendX + 20, 80, s.description, 'font-size="13" fill="#222"');
      legendX += 20 + 7 * s.description.length + 24;
      return item;
    })
    .join("\n");
  const panels = chart.panels.map((p, i) => panel(chart, p, MARGIN + (i % columns) * (panelWidth + GAP), HEADER + Math.floor(i / columns) * (panelHeight + 12), panelWidth));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(MARGIN, 24, chart.title, 'font-size="18" font-weight="700" fill="#111"'),
    ...chart.caption.map((line, i) => text(MARGIN, 42 + i * 15, line, 'font-size="12" fill="#555"')),
    legend,
    ...panels,
    "</svg>",
    "",
  ].join("\n");
}
