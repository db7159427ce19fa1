import type { Analyzer } from './analyzer.js';
import { allAnalyzers } from './analyzers/index.js';
import { allMessages, type MessageLevel } from './messages.js';

/**
 * The "Diagnostic codes" section of docs/istio-support.md, generated from the message
 * catalog and the analyzers (test/policy/supportMatrix.test.ts keeps the file current),
 * so the list of implemented codes cannot drift from the code.
 */

/** Where the codes that no analyzer reports come from. */
const OTHER_SOURCES: Readonly<Record<string, string>> = {
  IST0002: 'compiler: the LEAST_CONN balancer',
  IST0106: 'compiler: every value Istio\'s validation webhook would reject',
  IST0133: 'compiler: the warnings of Istio\'s validation webhook (outlierDetection.consecutiveErrors, minimumRingSize, a selector without labels, failover without outlierDetection, a DENY rule of HTTP attributes only)',
  MSH0001: 'YAML parser',
  MSH0010: 'scenario',
  MSH0011: 'scenario',
  MSH0015: 'scenario',
  MSH0016: 'scenario, before the run: traffic through the call graph against replicas × concurrency ÷ mean service time',
  MSH0101: 'compiler: every field of docs/istio-support.md marked not modeled; run: connection-pool settings',
  MSH0102: 'compiler',
  MSH0103: 'compiler',
  MSH0104: 'compiler',
  MSH0105: 'compiler',
  MSH0106: 'compiler',
  MSH0107: 'compiler',
  MSH0108: 'compiler',
  MSH0109: 'compiler',
  MSH0201: 'analysis, when manifests declare no Service or workload',
  MSH0301: 'run: the simulated data plane',
  MSH0302: 'run: the simulated sidecars',
};

/** Istio's analyzer codes meshsim does not report, and why (pkg/config/analysis/msg/messages.yaml). */
const NOT_IMPLEMENTED: ReadonlyArray<readonly [codes: string, why: string]> = [
  ['IST0001', 'an internal error of istioctl'],
  ['IST0102, IST0103, IST0123, IST0146, IST0147, IST0148, IST0158', 'sidecar injection: meshsim places proxies from `dataPlane`, not from namespace labels or webhooks'],
  ['IST0107, IST0108, IST0125, IST0135, IST0136', 'annotations: meshsim reads none but `istio.io/dry-run`'],
  ['IST0110, IST0111', 'Sidecar resources are not modeled (every sidecar sees every service)'],
  ['IST0116, IST0118, IST0137, IST0143, IST0144, IST0150', 'Kubernetes Service and Deployment details (protocols, port names, UIDs, localhost listeners) that meshsim does not simulate'],
  ['IST0126, IST0170', 'multi-cluster meshes are not modeled'],
  ['IST0134, IST0177', 'ServiceEntry internals are not modeled (ServiceEntry hosts are used only to resolve references)'],
  ['IST0138, IST0145, IST0161, IST0162', 'Gateway servers, certificates and credentials are not simulated'],
  ['IST0139, IST0141, IST0142, IST0156, IST0163, IST0164, IST0168, IST0169, IST0171, IST0172, IST0175, IST0176', 'cluster, installation and control-plane state that meshsim has no view of'],
  ['IST0140, IST0149', 'gateway (ingress) traffic is not simulated'],
  ['IST0151, IST0152, IST0153, IST0154, IST0155', 'EnvoyFilters are not interpreted'],
  ['IST0157, IST0159, IST0160', 'Telemetry resources are not modeled'],
  ['IST0166', 'the Kubernetes Gateway API is not modeled'],
];

const LEVEL: Record<MessageLevel, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

export function renderAnalysisDoc(analyzers: readonly Analyzer[] = allAnalyzers): string {
  const lines = [
    '## Diagnostic codes',
    '',
    '`meshsim validate` (and `run`, `compare`, before simulating) compiles the Istio resources, then',
    'analyzes them against the mesh they apply to: the scenario\'s services and versions, or the',
    'Kubernetes Services and workloads of the manifests given together. Every message carries a code —',
    'Istio\'s IST code where istioctl analyze makes the same check, with Istio\'s level; meshsim\'s own',
    'MSH code otherwise. Errors give exit status 2; warnings and infos are printed. `validate --json`',
    'prints them for editors and CI.',
    '',
    '| code | name | level | reported by | meaning |',
    '|---|---|---|---|---|',
  ];
  for (const m of allMessages()) {
    const by = analyzers.filter((a) => a.messages.some((x) => x.code === m.code)).map((a) => `\`${a.name}\``);
    const other = OTHER_SOURCES[m.code];
    const source = [...by, ...(other !== undefined ? [other] : [])].join('; ');
    lines.push(`| ${m.code} | ${m.name} | ${LEVEL[m.level]} | ${source} | ${m.description.replace(/\|/g, '\\|')} |`);
  }
  lines.push(
    '',
    'Where meshsim differs from istioctl analyze:',
    '',
    '- IST0173 is an Error only for a subset that some route or mirror of the input targets; a subset',
    '  nothing routes to is a Warning (istioctl: always Error; istio.io calls the ones bookinfo\'s',
    '  destination-rule-all.yaml raises safe to ignore). The subset labels are matched with the',
    '  service\'s selector, in the service\'s namespace (istioctl matches every pod of the cluster).',
    '- IST0101 for subsets uses the simulated proxies\' DestinationRule lookup (merged rules, wildcard',
    '  hosts, exportTo), where istioctl compares host names literally.',
    '- IST0127 covers PeerAuthentications too; IST0167 is reported for PeerAuthentications that never',
    '  apply (an older one wins at their level, or a selector in the root namespace). istioctl makes',
    '  neither check.',
    '- IST0131 is reported only where an earlier match accepts every request the later one accepts',
    '  (istioctl\'s prefix-overlap check ignores some conditions); IST0132 is not repeated for a gateway',
    '  that does not exist (IST0101 says so).',
    '- Manifests that declare no Service and no workload say nothing about the mesh: the checks that',
    '  need it are skipped (MSH0201, an info), and subsets are checked only for hosts with a',
    '  DestinationRule in the input. istioctl analyze without a cluster reports every host as missing.',
    '',
    'Istio analyzer codes meshsim does not report:',
    '',
    '| codes | why |',
    '|---|---|',
    ...NOT_IMPLEMENTED.map(([codes, why]) => `| ${codes} | ${why} |`),
    '',
    '',
  );
  return lines.join('\n');
}
