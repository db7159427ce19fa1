/**
 * The classic hold model on meshsim's EventCalendar (src/sim/eventCalendar.ts, which
 * bench/lib/bundleSource.mjs compiles to bench/out/eventCalendar.mjs first):
 * the same loop, sizes and generator as bench/c/hold.c. Run as its own process
 * so each measurement starts from a fresh JIT.
 *
 * usage: node holdLoop.mjs N HOLDS WARMUP_HOLDS SEED  → one JSON line on stdout
 */
import { EventCalendar } from '../out/eventCalendar.mjs';
import { exponential, xorshift128 } from './xorshift128.mjs';

const [pending, holds, warmup, seed] = process.argv.slice(2).map(Number);
if (![pending, holds, warmup, seed].every(Number.isInteger)) {
  process.stderr.write('usage: node holdLoop.mjs N HOLDS WARMUP_HOLDS SEED\n');
  process.exit(2);
}

const rng = xorshift128(seed);
const calendar = new EventCalendar(1024);
const noopHandler = () => {};
for (let i = 0; i < pending; i++) calendar.push(exponential(rng, 1), noopHandler, null);

/** Pops and re-pushes `count` times; returns the clock (seconds of simulated time) at the last pop. */
function hold(count) {
  let now = 0;
  for (let i = 0; i < count; i++) {
    calendar.pop();
    now = calendar.poppedTime;
    calendar.push(now + exponential(rng, 1), calendar.poppedHandler, calendar.poppedArg);
  }
  return now;
}

hold(warmup);
// Wall time, and process CPU time (all threads; the loop allocates nothing, so
// the GC threads stay idle), which a machine shared with other jobs inflates far less.
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const lastTime = hold(holds);
const cpu = process.cpuUsage(cpuStart);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const result = { pending, holds, seconds, holdsPerSecond: holds / seconds, cpuSeconds, holdsPerCpuSecond: holds / cpuSeconds, lastTime, size: calendar.size };
process.stdout.write(JSON.stringify(result) + '\n');
