/**
 * The dashboard's charts as inline SVG, drawn on the server: no script, no request anywhere.
 * Each chart names itself (`<title>`, `<desc>`, referenced by `aria-labelledby`) and its numbers
 * follow in a `<table>`, so a screen reader, a text browser and a reader with no eye for bars
 * all get the same figures. Colours are presentation attributes, not `style`, under the strict CSP.
 */
import { type Html, html } from './html.ts';

export interface ChartText {
  id: string;
  title: string;
  desc: string;
}

export interface ParticipationPoint {
  label: string;
  answered: number;
  right: number;
}

export interface ShareBar {
  label: string;
  answered: number;
  right: number;
  share: number;
}

const INK = '#1f2328';
const ANSWERED = '#9ec5fe';
const RIGHT = '#0b5394';
const AXIS = '#57606a';

/** A legend's colour square: decoration, the words beside it say what it stands for. */
const swatch = (fill: string) =>
  html`<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${fill}"></rect></svg>`;

const round1 = (n: number) => Math.round(n * 10) / 10;
export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Two bars per round, answered behind right, scaled to the busiest round. */
export function participationChart(text: ChartText, points: ParticipationPoint[], columns: { round: string; answered: string; right: string }): Html {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 24;
  const top = 12;
  const plot = height - bottom - top;
  const max = Math.max(1, ...points.map((point) => point.answered));
  const step = (width - left - 8) / Math.max(1, points.length);
  const barWidth = round1(Math.max(2, step * 0.7));
  const y = (value: number) => round1(top + plot - (value / max) * plot);
  const bars = points.map((point, i) => {
    const x = round1(left + i * step + (step - barWidth) / 2);
    return html`<g><rect x="${x}" y="${y(point.answered)}" width="${barWidth}" height="${round1((point.answered / max) * plot)}" fill="${ANSWERED}"></rect><rect x="${x}" y="${y(point.right)}" width="${barWidth}" height="${round1((point.right / max) * plot)}" fill="${RIGHT}"></rect></g>`;
  });
  const first = points[0];
  const last = points.at(-1);
  return html`<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" class="chart-svg">
<title id="${text.id}-title">${text.title}</title>
<desc id="${text.id}-desc">${text.desc}</desc>
<line x1="${left}" y1="${top + plot}" x2="${width - 8}" y2="${top + plot}" stroke="${AXIS}"></line>
<text x="${left - 6}" y="${top + 10}" text-anchor="end" font-size="12" fill="${INK}">${max}</text>
<text x="${left - 6}" y="${top + plot}" text-anchor="end" font-size="12" fill="${INK}">0</text>
${bars}
${first ? html`<text x="${left}" y="${height - 6}" font-size="12" fill="${INK}">${first.label}</text>` : ''}
${last && points.length > 1 ? html`<text x="${width - 8}" y="${height - 6}" text-anchor="end" font-size="12" fill="${INK}">${last.label}</text>` : ''}
</svg>
<figcaption>${swatch(ANSWERED)} ${columns.answered} ${swatch(RIGHT)} ${columns.right}</figcaption>
</figure>
<table class="numbers" id="${text.id}-table">
<caption>${text.title}</caption>
<thead><tr><th scope="col">${columns.round}</th><th scope="col">${columns.answered}</th><th scope="col">${columns.right}</th></tr></thead>
<tbody>${points.map((point) => html`<tr><th scope="row">${point.label}</th><td>${point.answered}</td><td>${point.right}</td></tr>`)}</tbody>
</table>`;
}

/** One horizontal bar per topic, the share right of its answers from 0 to 100%. */
export function shareChart(text: ChartText, bars: ShareBar[], columns: { topic: string; share: string; answered: string; right: string }): Html {
  const width = 640;
  const row = 26;
  const labelWidth = 200;
  const plot = width - labelWidth - 56;
  const height = Math.max(row, bars.length * row) + 8;
  const drawn = bars.map((bar, i) => {
    const y = 4 + i * row;
    return html`<g><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="13" fill="${INK}">${bar.label}</text><rect x="${labelWidth}" y="${y + 3}" width="${plot}" height="18" fill="#eef2f6"></rect><rect x="${labelWidth}" y="${y + 3}" width="${round1(bar.share * plot)}" height="18" fill="${RIGHT}"></rect><text x="${labelWidth + plot + 6}" y="${y + 16}" font-size="13" fill="${INK}">${percent(bar.share)}</text></g>`;
  });
  return html`<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" class="chart-svg">
<title id="${text.id}-title">${text.title}</title>
<desc id="${text.id}-desc">${text.desc}</desc>
${drawn}
</svg>
</figure>
<table class="numbers" id="${text.id}-table">
<caption>${text.title}</caption>
<thead><tr><th scope="col">${columns.topic}</th><th scope="col">${columns.share}</th><th scope="col">${columns.right}</th><th scope="col">${columns.answered}</th></tr></thead>
<tbody>${bars.map((bar) => html`<tr><th scope="row">${bar.label}</th><td>${percent(bar.share)}</td><td>${bar.right}</td><td>${bar.answered}</td></tr>`)}</tbody>
</table>`;
}
