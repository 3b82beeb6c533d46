// Bundled by dashboardBench.mjs (esbuild) into the benchmark page: uPlot with the dashboard's own chart options
// (web/src/pages/monitoring/chartOptions.ts), timed in the page with performance.now.
import uPlot from 'uplot';
import { chartOptions } from '../../web/src/pages/monitoring/chartOptions';

interface Timing {
  /** From `new uPlot` (or setData) until uPlot's draw hook ran: the canvas holds the picture. */
  drawnMs: number;
  /** Until the next animation frame after that draw: the frame that shows it. */
  frameMs: number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** One series of `points` points, one per second, a noisy sine as host metrics look. */
function series(points: number, seed: number): [number[], number[]] {
  const xs = new Array<number>(points);
  const ys = new Array<number>(points);
  const start = Date.now() - points * 1000;
  let noise = seed;
  for (let index = 0; index < points; index++) {
    noise = (noise * 1103515245 + 12345) % 2147483648;
    xs[index] = start + index * 1000;
    ys[index] = 50 + 30 * Math.sin(index / 900) + (noise / 2147483648) * 10;
  }
  return [xs, ys];
}

async function runChartBench(points: number, runs: number): Promise<{ create: Timing[]; setData: Timing[] }> {
  const holder = document.getElementById('chart');
  if (!holder) throw new Error('no #chart');
  const create: Timing[] = [];
  const update: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    holder.replaceChildren();
    const data = series(points, run + 1);
    let drawn: () => void = () => undefined;
    let drawnAt = 0;
    const options = chartOptions({
      width: 1200,
      height: 300,
      kind: 'line',
      series: [{ label: 'value', color: '#4f46e5' }],
      bands: () => [],
      onDraw: () => {
        drawnAt = performance.now();
        drawn();
      },
    });

    let wait = new Promise<void>((resolve) => (drawn = resolve));
    const started = performance.now();
    const chart = new uPlot(options, data, holder);
    await wait;
    create.push({ drawnMs: drawnAt - started, frameMs: (await nextFrame()) - started });

    // A whole new window of data on the same chart, as a range change does.
    const next = series(points, run + 1000);
    wait = new Promise<void>((resolve) => (drawn = resolve));
    const updated = performance.now();
    chart.setData(next);
    await wait;
    update.push({ drawnMs: drawnAt - updated, frameMs: (await nextFrame()) - updated });
    chart.destroy();
  }
  return { create, setData: update };
}

Object.assign(window, { runChartBench });
