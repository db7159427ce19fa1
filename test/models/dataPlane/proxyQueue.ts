import { ProxyWorkers } from '../../../src/models/dataPlane/proxyWorkers.js';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import type { ProxyCostSpec } from '../../../src/scenarios/scenario.js';
import { createStream } from '../../../src/sim/randomStreams.js';
import { Simulator } from '../../../src/sim/simulator.js';

/** A proxy's worker pool driven directly: Poisson arrivals, exponential CPU per pass. */
export interface ProxyQueueSample {
  meanSojourn: number;
  p99: number;
  utilization: number;
}

/** Poisson passes at `lambda` through one proxy with exponential CPU of mean `meanCpu`; `jobs` passes, the first 5% discarded. */
export function simulateProxyQueue(seed: number, lambda: number, meanCpu: number, workers: number, jobs: number): ProxyQueueSample {
  const sim = new Simulator();
  const horizon = jobs / lambda;
  const window = new MeasurementWindow(0, horizon);
  const cost: ProxyCostSpec = {
    workers,
    passCpu: { dist: 'exponential', mean: meanCpu },
    cpuPerKiB: 0,
    offPathCpu: 0,
    passLatency: 0,
    handshakeCpu: 0,
    memory: 0,
  };
  const proxy = new ProxyWorkers('p', 'sidecar', cost, sim, window, createStream(seed, 'proxy'));
  const arrivals = createStream(seed, 'arrivals');
  const sojourns: number[] = [];
  const warm = Math.floor(jobs / 20);
  let n = 0;
  const arrive = (): void => {
    const t0 = sim.now;
    const k = n++;
    proxy.pass(0, true, () => {
      if (k >= warm) sojourns.push(sim.now - t0);
    });
    if (n < jobs) sim.schedule(-Math.log(1 - arrivals.next()) / lambda, arrive, undefined);
  };
  sim.schedule(0, arrive, undefined);
  sim.run();
  sojourns.sort((a, b) => a - b);
  return {
    meanSojourn: sojourns.reduce((a, b) => a + b, 0) / sojourns.length,
    p99: sojourns[Math.floor(0.99 * sojourns.length)] as number,
    utilization: proxy.cpuSeconds / (horizon * workers),
  };
}

