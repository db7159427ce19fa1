/**
 * The bad-input suite (issue 2): every malformed scenario is refused with its exact
 * located message(s), through loadScenario and through the CLI (exit status 2, the
 * message on stderr, no stack trace, nothing on stdout, no results file written).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const dir = 'test/fixtures/scenarios/bad';

/** Each fixture and the exact messages it must produce, in order; FILE stands for its path. */
const cases: ReadonlyArray<readonly [string, ReadonlyArray<string | RegExp>]> = [
  ['absurd-rate.yaml', [
    "FILE:10:11: traffic[0].rate: 1000000000 requests/s is absurdly high (expected a rate of at most 10000000 requests/s)",
  ]],
  ['app-client.yaml', [
    "FILE:8:32: services[0].calls[0].timeout: \"0s\" must be greater than 0 (expected a positive duration, such as 60s)",
    "FILE:9:32: services[0].calls[1].timeout: 3 has no unit (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
    "FILE:10:32: services[0].calls[2].timeout: \"-1s\" is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
    "FILE:11:43: services[0].calls[3].retries.attempts: 0 is out of range (expected an integer from 1 to 10 (retries after the first try))",
    "FILE:12:43: services[0].calls[4].retries.attempts: 11 is out of range (expected an integer from 1 to 10 (retries after the first try))",
    "FILE:13:55: services[0].calls[5].retries.backoff: \"-5ms\" is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
    "FILE:14:71: services[0].calls[6].retries.maxBackoff: \"100ms\" is shorter than backoff (expected a maxBackoff at least as long as backoff)",
    "FILE:15:54: services[0].calls[7].retries.jitter: \"half\" is not allowed (expected one of: none, full)",
    "FILE:16:46: services[0].calls[8].retries.perTryTimeout: unknown field \"perTryTimeout\" (expected one of: attempts, backoff, maxBackoff, jitter)",
    "FILE:17:32: services[0].calls[9].retries: wrong type: 3 is a number (expected a mapping (key: value))",
    "FILE:18:32: services[0].calls[10].timeout: \"2000h\" is too long (expected at most 1000h)",
  ]],
  ['alias-bomb.yaml', [
    "FILE:6:9: YAML aliases expand too much (more than 100 expansions): refusing a possible alias bomb (expected anchors and aliases (&x / *x) used a bounded number of times, not nested exponentially)",
  ]],
  ['bad-duration-unit.yaml', [
    "FILE:6:13: simulation.duration: \"60sec\" is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
  ]],
  ['binary.yaml', [
    "FILE:1:1: this is a binary file (NUL byte at offset 7), not YAML (expected a UTF-8 YAML text file)",
  ]],
  ['comments-only.yaml', [
    "FILE:1:1: the file has no YAML document (only comments or blank lines) (expected a YAML document)",
  ]],
  ['concurrency-word.yaml', [
    "FILE:8:18: services[0].concurrency: \"lots\" is not allowed (expected an integer from 1 to 1000000, or unlimited)",
  ]],
  ['data-plane-unknown.yaml', [
    "FILE:5:12: dataPlane: \"linkerd\" is not allowed (expected one of: none, sidecar, ebpf, ambient)",
  ]],
  ['divergent-cycle.yaml', [
    "FILE:11:23: services[1].calls[0].service: call cycle a \u2192 b \u2192 a repeats without end on average: the expected number of calls per request is infinite, or too large to settle (expected probabilities \u00d7 counts around the cycle whose product is below 1)",
  ]],
  ['duplicate-key.yaml', [
    "FILE:8:5: YAML syntax error: the same key appears twice in this mapping",
  ]],
  ['duplicate-service.yaml', [
    "FILE:8:11: services[1].name: duplicate service name \"web\" (expected each service name once)",
  ]],
  ['duplicate-traffic-name.yaml', [
    "FILE:11:5: traffic[1]: duplicate traffic source name \"client\" (expected a distinct `name` for each traffic source (default: client))",
  ]],
  ['duration-too-long.yaml', [
    'FILE:6:13: simulation.duration: "1e300h" is too long (expected at most 1000h)',
  ]],
  ['duration-without-unit.yaml', [
    "FILE:6:11: simulation.warmup: 5 has no unit (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h), or auto)",
  ]],
  ['empirical-decreasing.yaml', [
    "FILE:9:36: services[0].serviceTime.percentiles.p90: \"4ms\" is smaller than p50 (expected values that do not decrease as the percentile grows)",
  ]],
  ['empty.yaml', [
    "FILE:1:1: the file is empty (expected a YAML document)",
  ]],
  ['fault-too-many-replicas.yaml', [
    "FILE:13:52: faults[0].replicas: 3 replicas targeted, but only 2 exist (expected at most 2)",
  ]],
  ['fault-unknown-kind.yaml', [
    "FILE:12:20: faults[0].kind: \"meteor\" is not a known kind (expected one of: crash, zone-outage, partition, slowdown, errors)",
  ]],
  ['fault-unknown-version.yaml', [
    "FILE:15:64: faults[0].version: unknown version \"v3\" of service \"reviews\" (expected one of the versions of \"reviews\": v1, v2)",
  ]],
  ['invalid-utf8.yaml', [
    "FILE:1:1: this is a binary file (not valid UTF-8), not YAML (expected a UTF-8 YAML text file)",
  ]],
  ['istio-doc-without-kind.yaml', [
    "FILE:12:1: missing required field \"kind\": this is not a Kubernetes resource (expected a resource with apiVersion, kind, metadata and spec)",
  ]],
  ['istio-policy-error.yaml', [
    // The policy compiler owns these messages' wording; pinned here are the positions and paths.
    /^FILE:22:19: spec\.http\[0\]\.retries\.attempts: .*-1/,
    /^FILE:23:24: spec\.http\[0\]\.retries\.perTryTimeout: "2 seconds" /,
    /^FILE:23:24: spec\.http\[0\]\.retries\.perTryTimeout: /,
    /^FILE:26:1: metadata\.name: /,
  ]],
  ['istio-file-syntax-error.yaml', [
    // Located in the listed Istio file, not in the scenario.
    'test/fixtures/scenarios/istio-files/broken-syntax.yaml:8:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
  ]],
  ['istio-file-missing.yaml', [
    "FILE:12:5: istio[0]: file not found: test/fixtures/scenarios/bad/bookinfo/missing.yaml (expected a path to a YAML file, relative to the scenario file)",
  ]],
  ['lognormal-p99-below-median.yaml', [
    "FILE:7:55: services[0].serviceTime.p99: \"5ms\" must be greater than the median (expected p99 > median > 0)",
  ]],
  ['many-errors.yaml', [
    "FILE:6:13: simulation.duration: \"-5s\" is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
    "FILE:7:17: simulation.replications: 0 is out of range (expected an integer from 1 to 10000)",
    "FILE:10:18: services[0].serviceTime: missing required field \"cv\" (expected cv: a number)",
    "FILE:11:34: services[0].calls[0].count: 2.5 is out of range (expected an integer from 1 to 1000)",
    "FILE:12:5: services[0].extra: unknown field \"extra\" (expected one of: name, replicas, concurrency, queueLimit, serviceTime, errorRate, calls, cancellation, responseSize, memory, versions)",
    "FILE:15:11: traffic[0].rate: \"fast\" is not a rate (expected a rate in requests per second, such as 100 or \"100/s\")",
  ]],
  ['missing-dist-param.yaml', [
    "FILE:7:18: services[0].serviceTime: missing required field \"mean\" (expected mean: a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
  ]],
  ['missing-name.yaml', [
    "FILE:3:11: metadata: missing required field \"name\" (expected name: a string)",
  ]],
  ['missing-service-time.yaml', [
    "FILE:6:5: services[0]: missing required field \"serviceTime\" (expected serviceTime: a duration or distribution, on the service or on each version)",
  ]],
  ['negative-replicas.yaml', [
    "FILE:7:15: services[0].replicas: -1 is out of range (expected an integer from 0 to 10000)",
  ]],
  ['not-a-mapping.yaml', [
    "FILE:1:1: the first document is not a mapping (expected a scenario starting with apiVersion: meshsim/v1 and kind: Scenario)",
  ]],
  ['out-of-range.yaml', [
    "FILE:8:16: services[0].errorRate: 1.5 is out of range (expected a fraction from 0 to 1)",
  ]],
  ['over-budget.yaml', [
    "FILE:6:13: simulation.duration: this run needs about 1.4e+10 simulator events (mean rate \u00d7 (warmup + duration) \u00d7 (calls per request + 1) \u00d7 4 \u00d7 replications), over the budget of 5.0e+8; raise the budget with --max-events N, or shorten the run (expected at most 5.0e+8 estimated events)",
  ]],
  ['probability-above-one.yaml', [
    "FILE:9:36: services[0].calls[0].probability: 1.5 is out of range (expected a fraction from 0 to 1)",
  ]],
  ['reference-errors.yaml', [
    "FILE:8:25: services[0].replicas.z: unknown zone \"z\" (expected one of the zones: a)",
    "FILE:10:23: services[0].calls[0].service: unknown service \"nope\" (expected one of the services: web)",
    "FILE:12:9: traffic[0].to: unknown service \"api\" (expected one of the services: web)",
    "FILE:15:39: faults[0].zone: unknown zone \"q\" (expected one of the zones: a)",
    "FILE:16:44: faults[1].between[1]: a zone cannot be partitioned from itself (expected two different zones)",
  ]],
  ['schedule-not-ascending.yaml', [
    "FILE:13:14: traffic[0].rate[2].at: \"20s\" is not after the previous step (expected schedule steps with `at` strictly ascending)",
  ]],
  ['syntax-error.yaml', [
    "FILE:9:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }",
    "FILE:9:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]],
  ['unconditional-cycle.yaml', [
    "FILE:14:18: services[1].calls[1].service: unconditional call cycle: productpage \u2192 reviews \u2192 productpage (expected a call graph without cycles, or a cycle broken by a call with probability < 1)",
  ]],
  ['unknown-dist.yaml', [
    "FILE:7:25: services[0].serviceTime.dist: \"weibull\" is not a known dist (expected one of: constant, exponential, lognormal, gamma, empirical, mixture)",
  ]],
  ['unknown-field.yaml', [
    "FILE:7:5: services[0].serviceTme: unknown field \"serviceTme\" (expected one of: name, replicas, concurrency, queueLimit, serviceTime, errorRate, calls, cancellation, responseSize, memory, versions)",
  ]],
  ['unknown-service.yaml', [
    "FILE:9:18: services[0].calls[0].service: unknown service \"ratingz\" (expected one of the services: web)",
  ]],
  ['unknown-zone.yaml', [
    "FILE:14:11: traffic[0].zone: unknown zone \"c\" (expected one of the zones: a, b)",
  ]],
  ['wrong-api-version.yaml', [
    "FILE:1:13: apiVersion: unsupported apiVersion \"meshsim/v2\" (expected meshsim/v1)",
  ]],
  ['wrong-kind.yaml', [
    "FILE:2:7: kind: the first document must be the scenario, but its kind is \"VirtualService\" (expected kind: Scenario (Istio resources go after it, or under istio:))",
  ]],
  ['wrong-type-boolean.yaml', [
    "FILE:8:19: services[0].cancellation: wrong type: \"yes\" is a string (expected true or false)",
  ]],
  ['wrong-type.yaml', [
    "FILE:7:15: services[0].replicas: \"two\" is not a replica count (expected an integer from 0 to 10000, or a map of zone to count such as {a: 1, b: 2})",
  ]],
  ['zero-replicas.yaml', [
    "FILE:7:15: services[0].replicas: service \"web\" has no replicas (expected at least one replica per service)",
  ]],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function messagesOf(file: string): string[] {
  try {
    loadScenario(file);
  } catch (err) {
    if (err instanceof InputError) return err.messages.map(formatLocated);
    throw err;
  }
  throw new Error(`${file} loaded, but it is malformed`);
}

describe('bad-input suite', () => {
  it('covers every fixture in the directory, and at least 20', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.map(([f]) => f).sort()).toEqual(readdirSync(dir).sort());
  });

  describe.each(cases)('%s', (name, expected) => {
    const file = `${dir}/${name}`;
    const lines = expected.map((m) => (typeof m === 'string' ? m.replace(/^FILE:/, `${file}:`) : new RegExp(m.source.replace('^FILE:', `^${escape(file)}:`))));
    const expectLines = (actual: string[]): void => {
      expect(actual).toHaveLength(lines.length);
      actual.forEach((line, i) => {
        const want = lines[i] as string | RegExp;
        if (typeof want === 'string') expect(line).toBe(want);
        else expect(line).toMatch(want);
      });
    };

    it('loadScenario throws InputError with the located messages', () => {
      expectLines(messagesOf(file));
    });

    it('the CLI exits 2 with the messages on stderr, nothing on stdout and no results file', async () => {
      const out = join(workDir, `${name}.json`);
      let stdout = '';
      let stderr = '';
      const status = await main(['run', file, '--json', out], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      expect(status).toBe(2);
      expect(stderr.endsWith('\n')).toBe(true);
      expectLines(stderr.slice(0, -1).split('\n'));
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  });
});

const workDir = mkdtempSync(join(tmpdir(), 'meshsim-bad-input-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
