import type { Analyzer } from '../analyzer.js';
import { authorizationNamespaces } from './authorizationNamespaces.js';
import { caCertificates } from './caCertificates.js';
import { conflictingVirtualServiceHosts } from './conflictingVirtualServiceHosts.js';
import { deprecatedFields } from './deprecatedFields.js';
import { destinationHosts } from './destinationHosts.js';
import { destinationRuleMerge } from './destinationRuleMerge.js';
import { destinationRulePorts } from './destinationRulePorts.js';
import { destinationSubsets } from './destinationSubsets.js';
import { peerAuthenticationConflicts } from './peerAuthenticationConflicts.js';
import { policyWorkloads } from './policyWorkloads.js';
import { subsetWorkloads } from './subsetWorkloads.js';
import { unknownDestinationRuleHost } from './unknownDestinationRuleHost.js';
import { unreachableRoutes } from './unreachableRoutes.js';
import { virtualServiceGateways } from './virtualServiceGateways.js';
import { virtualServiceHosts } from './virtualServiceHosts.js';

/** Every analyzer, in the order their findings are reported (like Istio's analyzers/all.go). */
export const allAnalyzers: readonly Analyzer[] = [
  destinationHosts,
  destinationSubsets,
  virtualServiceGateways,
  conflictingVirtualServiceHosts,
  unreachableRoutes,
  virtualServiceHosts,
  deprecatedFields,
  unknownDestinationRuleHost,
  subsetWorkloads,
  destinationRuleMerge,
  destinationRulePorts,
  caCertificates,
  peerAuthenticationConflicts,
  policyWorkloads,
  authorizationNamespaces,
];
