import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmcMeanSojourn, mmcSojournQuantile } from '../../../src/experiments/closedForms/erlangC.js';
import { sumOfExponentialsQuantile } from '../../../src/experiments/closedForms/hypoexponential.js';
import { deterministicArrivalsSigma, forkJoinTwoMeanResponse, pollaczekKhinchineWait } from '../../../src/experiments/closedForms/singleServer.js';

// Every number below is a table entry of docs/semantics/validation-cases.md.
describe('closed forms reproduce the reference tables', () => {
  it('Erlang B (D2)', () => {
    expect(erlangB(10, 7)).toBeCloseTo(0.07874, 5);
    expect(erlangB(5, 2)).toBeCloseTo(0.0367, 4);
    expect(erlangB(20, 15)).toBeCloseTo(0.04559, 5);
  });

  it.each([
    [0.8, 2, 0.7111, 2.7778],
    [0.8, 10, 0.4092, 1.2046],
    [0.5, 4, 0.1739, 1.087],
    [0.9, 50, 0.3639, 1.0728],
  ])('Erlang C at rho %f, c %i', (rho, c, pWait, w) => {
    expect(erlangC(c, rho * c)).toBeCloseTo(pWait, 4);
    expect(mmcMeanSojourn({ lambda: rho * c, mu: 1, servers: c })).toBeCloseTo(w, 3);
  });

  it('call-centre example: 48 Erl on 55 agents waits with P = 0.2387', () => {
    expect(erlangC(55, 48)).toBeCloseTo(0.2387, 4);
  });

  it('M/M/1 is M/M/c with c = 1: p99 of T at rho 0.8 is 23.03', () => {
    expect(mmcSojournQuantile({ lambda: 0.8, mu: 1, servers: 1 }, 0.99)).toBeCloseTo(23.03, 2);
  });

  it('tandem (D5): Erlang(2, 0.5) p99 is 13.28; [1, 2] at lambda 0.8 gives 23.94', () => {
    expect(sumOfExponentialsQuantile([0.5, 0.5], 0.99)).toBeCloseTo(13.28, 2);
    expect(sumOfExponentialsQuantile([0.2, 1.2], 0.99)).toBeCloseTo(23.94, 2);
    expect(sumOfExponentialsQuantile([0.5, 0.5, 0.5], 0.99)).toBeCloseTo(16.81, 2);
  });

  it('Pollaczek–Khinchine (D3): M/D/1 Wq at rho 0.8 is 2.0, M/M/1 4.0', () => {
    expect(pollaczekKhinchineWait(0.8, 1, 0)).toBeCloseTo(2, 12);
    expect(pollaczekKhinchineWait(0.8, 1, 1)).toBeCloseTo(4, 12);
  });

  it('D/M/1 (D4): sigma 0.62863 and Wq 1.6927 at rho 0.8', () => {
    const sigma = deterministicArrivalsSigma(0.8, 1);
    expect(sigma).toBeCloseTo(0.62863, 5);
    expect(sigma / (1 - sigma)).toBeCloseTo(1.6927, 4);
    expect(deterministicArrivalsSigma(0.5, 1)).toBeCloseTo(0.20319, 5);
  });

  it('fork-join K = 2 (D7): 2.875 at rho 0.5, 7.0 at rho 0.8', () => {
    expect(forkJoinTwoMeanResponse(0.5, 1)).toBeCloseTo(2.875, 12);
    expect(forkJoinTwoMeanResponse(0.8, 1)).toBeCloseTo(7, 12);
  });
});
