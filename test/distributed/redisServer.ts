import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, it } from 'vitest';

/**
 * A real Redis for the queue tests: MESHSIM_TEST_REDIS_URL when set (.ci/run starts a
 * redis-server and sets it), else a redis-server this process starts on a free
 * loopback port, else none — then the tests skip, saying what is missing, except under
 * CI, where a missing redis-server is a broken setup and fails loudly (as sharedFiles.ts).
 */
export interface RedisForTests {
  /** redis://127.0.0.1:PORT/DB: its own database, emptied first, so test files do not meet. */
  readonly url: string;
  /** Stops and starts the server again, without its data (a Redis restart); only for a server this process started. */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Empties database `db` at `url`'s server. */
async function flush(base: string, db: number): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(`${base}/${db}`, { lazyConnect: true });
  await client.connect();
  await client.flushdb();
  client.disconnect();
}

/**
 * A Redis for test database `db`: CI's (MESHSIM_TEST_REDIS_URL) unless `own` asks for a
 * redis-server of this process's — the only kind a test may restart.
 */
export async function startRedisForTests(db: number, { own = false } = {}): Promise<RedisForTests> {
  const given = own ? undefined : process.env.MESHSIM_TEST_REDIS_URL;
  if (given) {
    const base = given.replace(/\/\d*$/, '');
    await flush(base, db);
    return { url: `${base}/${db}`, stop: async () => {} };
  }
  const port = await freePort();
  let child = await startServer(port);
  return {
    url: `redis://127.0.0.1:${port}/${db}`,
    async restart() {
      await stopServer(child);
      child = await startServer(port);
    },
    stop: () => stopServer(child),
  };
}

/** `describe(name, body)` when a Redis is available for tests (see above), else a skip that says why — or, under CI, a failure. */
export function describeWithRedis(name: string, body: () => void, { own = false } = {}): void {
  if ((!own && process.env.MESHSIM_TEST_REDIS_URL) || hasRedisServer()) {
    describe(name, body);
    return;
  }
  if (process.env.CI) throw new Error(`${name}: redis-server is not installed; CI must have it (.ci/run installs Debian's redis-server)`);
  const reason = 'redis-server is not installed (apt-get install redis-server) and MESHSIM_TEST_REDIS_URL is not set';
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, () => {
    it('runs against a real Redis', () => undefined);
  });
}
