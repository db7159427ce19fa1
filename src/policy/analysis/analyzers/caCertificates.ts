import { isObject } from '../../fieldReaders.js';
import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { portLevelSettings } from './trafficPolicies.js';

/**
 * Client TLS in SIMPLE or MUTUAL mode without caCertificates does not verify the
 * server's certificate (Istio destinationrule/ca-certificates.go, IST0128 and IST0129;
 * a credentialName on a rule with a workloadSelector brings its own CA). Checked on the
 * top-level traffic policy and its port-level settings, as Istio does.
 */
export const caCertificates: Analyzer = {
  name: 'destinationrule.caCertificates',
  description: 'SIMPLE and MUTUAL client TLS verify the server certificate',
  messages: [istioMessages.NoServerCertificateVerificationDestinationLevel, istioMessages.NoServerCertificateVerificationPortLevel],
  inputs: ['DestinationRule'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    for (const dr of ctx.istio('DestinationRule')) {
      const spec = ctx.spec(dr);
      const host = String(spec['host'] ?? '');
      const hasSelector = isObject(spec['workloadSelector']);
      const unverified = (tls: unknown): string | undefined => {
        if (!isObject(tls) || (tls['mode'] !== 'SIMPLE' && tls['mode'] !== 'MUTUAL')) return undefined;
        if (typeof tls['caCertificates'] === 'string' && tls['caCertificates'] !== '') return undefined;
        if (typeof tls['credentialName'] === 'string' && tls['credentialName'] !== '' && hasSelector) return undefined;
        return tls['mode'];
      };
      const top = isObject(spec['trafficPolicy']) ? spec['trafficPolicy'] : undefined;
      if (top === undefined) continue;
      const mode = unverified(top['tls']);
      if (mode !== undefined) {
        ctx.report(
          dr,
          ['spec', 'trafficPolicy', 'tls', 'mode'],
          istioMessages.NoServerCertificateVerificationDestinationLevel,
          `DestinationRule ${ctx.nameOf(dr)} has TLS mode set to ${mode} but no caCertificates are set to validate server identity for host: ${host}`,
        );
      }
      for (const { settings, path } of portLevelSettings({ policy: top, path: ['spec', 'trafficPolicy'] })) {
        const portMode = unverified(settings['tls']);
        if (portMode === undefined) continue;
        const port = isObject(settings['port']) ? String(settings['port']['number'] ?? '') : '';
        ctx.report(
          dr,
          [...path, 'tls', 'mode'],
          istioMessages.NoServerCertificateVerificationPortLevel,
          `DestinationRule ${ctx.nameOf(dr)} has TLS mode set to ${portMode} but no caCertificates are set to validate server identity for host: ${host} at port ${port}`,
        );
      }
    }
  },
};
