// Numeric property values over time (uPlot): one line per property, from posts and sets alike. The
// chart is rebuilt when the set of properties changes and fed new data otherwise.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PropertySeries } from '../../store/mqtt-traffic';
import { useLang, useT } from '../../i18n';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const HEIGHT = 160;

export function PropertyChart({ series }: { series: PropertySeries[] }) {
  const t = useT();
  const lang = useLang();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<{ chart: uPlot; names: string } | null>(null);
  // The chart is rebuilt when its lines or the UI language change (the axis label is text).
  const names = [lang, ...series.map((s) => s.name)].join('\n');

  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0) return;
    const data = uPlot.join(series.map((s) => [s.times, s.values] as uPlot.AlignedData));
    if (plot.current && plot.current.names === names) {
      plot.current.chart.setData(data);
      return;
    }
    plot.current?.chart.destroy();
    const chart = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: HEIGHT,
        series: [{ label: t('props.time') }, ...series.map((s, i) => ({ label: s.name, stroke: COLORS[i % COLORS.length], spanGaps: true, points: { show: true, size: 4 } }))],
        axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor' }],
        legend: { show: true },
      },
      data,
      el,
    );
    plot.current = { chart, names };
  }, [series, names, t]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => plot.current?.chart.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.current?.chart.destroy();
      plot.current = null;
    };
  }, []);

  return (
    <div className="mqtt-chart" data-testid="mqtt-chart">
      <div className="small muted">{t('chart.title')}</div>
      {series.length === 0 && <div className="muted small">{t('chart.empty')}</div>}
      <div ref={box} />
    </div>
  );
}
