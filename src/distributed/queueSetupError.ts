/** A problem with the fleet's setup rather than a bug in meshsim (Redis unreachable, a stale worker): the CLI reports it with exit 2. */
export class QueueSetupError extends Error {
  override readonly name = 'QueueSetupError';
}
