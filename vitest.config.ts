import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/ import 'meshsim' as users do: the package's own build (npm ci builds it).
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default leaves a core idle (availableParallelism() − 1): one fork on CI's two
    // cores, which made the suite ~576 s. Most files wait on imports or child processes, so
    // one fork per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
