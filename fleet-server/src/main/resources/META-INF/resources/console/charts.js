// Charts: uPlot (bundled, served by the server) for time series, plain HTML bars for comparing circuits.
import { h } from './ui.js';

const STROKE = '#1f6feb';
const FILL = 'rgba(31, 111, 235, 0.18)';

/**
 * A time chart in a container, sized to it and resized with it. times are epoch seconds; a null value is a gap.
 * kind 'line' or 'bars'. The container also gets a text summary for screen readers.
 */
export function timeChart(container, { times, values, label, unit, kind = 'line', dayLabels = false }) {
  const plot = new uPlot({
    width: Math.max(container.clientWidth, 280),
    height: 220,
    legend: { show: true },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max * 1.1, 1)] } },
    axes: [
      dayLabels ? { values: (u, ticks) => ticks.map((t) => new Date(t * 1000)
        .toLocaleDateString(undefined, { month: 'short', day: 'numeric' })) } : {},
      { label: unit, size: 60 },
    ],
    series: [
      {},
      {
        label,
        stroke: STROKE,
        fill: FILL,
        width: kind === 'bars' ? 0 : 2,
        paths: kind === 'bars' ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined,
        value: (u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(unit === 'W' ? 1 : 3)} ${unit}`),
        points: { show: false },
      },
    ],
  }, [times, values], container);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(container.clientWidth, 280), height: 220 }));
  resize.observe(container);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}

/** Horizontal bars, longest first as given: [{label, value, text, href}]. */
export function barList(rows, caption) {
  const max = Math.max(...rows.map((r) => r.value), 0);
  return h('figure', { class: 'bars' },
    h('figcaption', {}, caption),
    h('ul', {}, rows.map((r) => h('li', {},
      h('span', { class: 'bar-label' }, r.href ? h('a', { href: r.href }, r.label) : r.label),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar', style: `width: ${max > 0 ? (100 * r.value) / max : 0}%` })),
      h('span', { class: 'bar-value' }, r.text)))));
}
