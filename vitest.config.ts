import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/ import 'meshsim' as users do: the package's own build (npm ci builds it).
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
