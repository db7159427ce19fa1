import type { MtlsMode } from './peerAuthentication.js';

/**
 * Whether a connection from a client sidecar to a server workload is established, and
 * how (§8.2 [IA-PA][II-PA][II-CTP]). The client side is the DestinationRule `tls.mode`
 * for the destination, or Istio's auto mTLS when no DestinationRule sets one; the server
 * side is the effective PeerAuthentication mode of the server workload.
 *
 * Choices where the reference is unconfirmed ([details UNCONFIRMED] in §8.2), written down:
 * - Auto mTLS sends ISTIO_MUTUAL to sidecar-backed endpoints unless the server mode is
 *   DISABLE, and plaintext to workloads without a sidecar.
 * - MUTUAL (user certificates) is treated like ISTIO_MUTUAL: the certificates are assumed
 *   to be issued by the mesh CA, so a STRICT server accepts them.
 * - SIMPLE TLS carries no client certificate: a STRICT server rejects it; elsewhere the
 *   TLS bytes reach a plaintext application, which fails (simulated apps speak plaintext).
 * - Mutual TLS to a DISABLE server, or to a workload without a sidecar, fails: nobody
 *   terminates the mTLS handshake.
 */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export type ConnectionReason =
  | 'MutualTls'
  | 'Plaintext'
  | 'PlaintextRejectedByStrict'
  | 'ClientCertificateRequired'
  | 'MtlsToPlaintextServer'
  | 'TlsToPlaintextApp';

export interface ConnectionOutcome {
  readonly established: boolean;
  readonly transport: 'mtls' | 'tls' | 'plaintext';
  readonly reason: ConnectionReason;
  /** What the client actually sent: the DestinationRule mode, or the auto-mTLS choice. */
  readonly clientMode: ClientTlsMode;
  /** True when no DestinationRule set a mode and auto mTLS chose it. */
  readonly autoMtls: boolean;
}

export interface ConnectionInputs {
  /** DestinationRule tls.mode for the destination (after subset/port merging); undefined = auto mTLS. */
  readonly clientTls?: ClientTlsMode;
  /** Effective PeerAuthentication mode of the server workload on the target port. */
  readonly serverMode: MtlsMode;
  /** False for workloads outside the mesh (no sidecar enforces PeerAuthentication). Default true. */
  readonly serverHasSidecar?: boolean;
}

/** The client's TLS mode: the DestinationRule's, else auto mTLS (see file comment). */
export function effectiveClientTls(inputs: ConnectionInputs): { mode: ClientTlsMode; auto: boolean } {
  if (inputs.clientTls !== undefined) return { mode: inputs.clientTls, auto: false };
  const sidecar = inputs.serverHasSidecar ?? true;
  return { mode: sidecar && inputs.serverMode !== 'DISABLE' ? 'ISTIO_MUTUAL' : 'DISABLE', auto: true };
}

/** Decides the connection outcome of one new connection. */
export function connectionOutcome(inputs: ConnectionInputs): ConnectionOutcome {
  const { mode, auto } = effectiveClientTls(inputs);
  const sidecar = inputs.serverHasSidecar ?? true;
  const out = (established: boolean, transport: ConnectionOutcome['transport'], reason: ConnectionReason): ConnectionOutcome => ({
    established,
    transport,
    reason,
    clientMode: mode,
    autoMtls: auto,
  });
  const mutual = mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';
  if (!sidecar) {
    if (mode === 'DISABLE') return out(true, 'plaintext', 'Plaintext');
    return mutual ? out(false, 'mtls', 'MtlsToPlaintextServer') : out(false, 'tls', 'TlsToPlaintextApp');
  }
  switch (inputs.serverMode) {
    case 'STRICT':
      if (mutual) return out(true, 'mtls', 'MutualTls');
      return mode === 'SIMPLE' ? out(false, 'tls', 'ClientCertificateRequired') : out(false, 'plaintext', 'PlaintextRejectedByStrict');
    case 'PERMISSIVE':
      if (mutual) return out(true, 'mtls', 'MutualTls');
      return mode === 'SIMPLE' ? out(false, 'tls', 'TlsToPlaintextApp') : out(true, 'plaintext', 'Plaintext');
    case 'DISABLE':
      if (mutual) return out(false, 'mtls', 'MtlsToPlaintextServer');
      return mode === 'SIMPLE' ? out(false, 'tls', 'TlsToPlaintextApp') : out(true, 'plaintext', 'Plaintext');
  }
}
