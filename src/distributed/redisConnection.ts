/**
 * `--redis URL`: what it may be, and a quick look at whether Redis answers there
 * before anything is queued, so a wrong address or a stopped server is one clear
 * line within seconds (exit 2) — not BullMQ reconnecting for ever in silence.
 * Once the probe has passed, BullMQ's own connections reconnect on their own
 * (a Redis restart mid-run), which is what a long sweep wants.
 */
import { QueueSetupError } from './queueSetupError.js';

/** Where Redis is, as both ioredis and BullMQ take it. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** rediss://: TLS with Node's default certificate checks. */
  readonly tls?: Record<string, never>;
}

/** How long the probe waits for Redis to answer. */
export const REDIS_PROBE_SECONDS = 3;

/** BullMQ needs Redis 5 (streams); its authors recommend 6.2 or newer. */
const MIN_REDIS_MAJOR = 5;

/** The URL without its password, for messages. */
export function redactRedisUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = '***';
  return shown.href;
}

/** Parses `--redis`: redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
export function redisOptionsFromUrl(text: string): { options: RedisAddress; shown: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueSetupError(`--redis: '${text}' is not a URL (expected redis://HOST[:PORT][/DB], e.g. redis://127.0.0.1:6379)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueSetupError(`--redis: '${redactRedisUrl(url)}' is not a Redis URL (expected redis:// or rediss:// for TLS, e.g. redis://127.0.0.1:6379)`);
  }
  if (!url.hostname) throw new QueueSetupError(`--redis: '${redactRedisUrl(url)}' names no host (expected redis://HOST[:PORT][/DB])`);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || db > 15 || !/^\d*$/.test(dbText)) {
    throw new QueueSetupError(`--redis: database '${dbText}' in '${redactRedisUrl(url)}' is not allowed (expected a number 0–15, or none)`);
  }
  const options: RedisAddress = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 6379,
    db,
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' && { tls: {} }),
  };
  return { options, shown: redactRedisUrl(url) };
}

/**
 * Connects once, without retrying, and asks Redis its version: resolves when Redis
 * answers and is new enough, else throws QueueSetupError naming the address and why.
 */
export async function probeRedis(options: RedisAddress, shown: string, seconds = REDIS_PROBE_SECONDS): Promise<void> {
  const { Redis } = await import('ioredis'); // loaded only with --redis
  // ioredis bounds both waits itself (connectTimeout for the socket, commandTimeout for
  // INFO's answer), so the probe keeps no timer of its own: no wall clock outside the CLI.
  const client = new Redis({ ...options, lazyConnect: true, connectTimeout: seconds * 1000, commandTimeout: seconds * 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The first socket error (ECONNREFUSED, ENOTFOUND, ETIMEDOUT) says more than connect()'s own "Connection is closed".
  const failed = new Promise<never>((_, reject) => {
    client.on('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code ?? err.message)));
  });
  failed.catch(() => {}); // handled below when it wins a race; harmless when it does not
  try {
    await Promise.race([client.connect(), failed]);
    const info = await Promise.race([client.info('server'), failed]);
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '0';
    if (Number(version.split('.')[0]) < MIN_REDIS_MAJOR) {
      throw new QueueSetupError(`--redis: ${shown} runs Redis ${version}; the queue (BullMQ) needs Redis ${MIN_REDIS_MAJOR} or newer`);
    }
  } catch (err) {
    if (err instanceof QueueSetupError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new QueueSetupError(`--redis: cannot reach Redis at ${shown} (${reason}); is redis-server running there and reachable from this machine?`);
  } finally {
    client.disconnect();
  }
}
