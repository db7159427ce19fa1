// @ts-check
/**
 * The layering of docs/architecture.md as lint errors, so an arrow pointing the wrong way
 * fails `npm run lint` instead of waiting for a reviewer:
 *
 *   policy, sim, statistics   import nothing outside themselves (leaves)
 *   scenarios                 policy
 *   models                    policy, sim, scenarios
 *   report                    scenarios, models, statistics; types only from experiments
 *   experiments               models, report, scenarios, sim, statistics, policy
 *   import                    scenarios, policy; nothing but the CLI imports it
 *   distributed               experiments, scenarios; nothing but the CLI imports it
 *   cli.ts, cli/              anything; nothing imports them
 *
 * ESLint's own no-restricted-imports matches the import text, not the resolved
 * file, so each folder gets one pattern per depth: from src/models/proxy/x.ts,
 * `../../sim/…` leaves models for sim. Packages (seedrandom, yaml, …) are not
 * restricted here; the determinism bans in eslint.config.js cover node:crypto.
 */

const NO_CLI = 'Nothing imports the CLI (src/cli.ts, src/cli/): it only wires experiments and reports together.';

const FOLDERS = ['policy', 'sim', 'statistics', 'scenarios', 'models', 'report', 'experiments', 'import', 'distributed', 'cli'];

/** Folder → the src/ folders it may import from (besides itself). */
const MAY_IMPORT = {
  policy: [],
  sim: [],
  statistics: [],
  scenarios: ['policy'],
  models: ['policy', 'sim', 'scenarios'],
  report: ['scenarios', 'models', 'statistics'],
  experiments: ['models', 'report', 'scenarios', 'sim', 'statistics', 'policy'],
  // Manifests, traces and metrics → scenario files: it checks what it writes by loading it.
  import: ['scenarios', 'policy'],
  // The Redis queue (issue 16): runs experiments' replications on other machines.
  distributed: ['experiments', 'scenarios'],
};

/**
 * Folder → folders it may import *types* from, and nothing else: report renders what
 * experiments produce (a check's counterexample, a diff's deltas), so it names their
 * shapes, while experiments call report's results builder — a value import back would
 * be a cycle.
 */
const MAY_IMPORT_TYPES = {
  report: ['experiments'],
};

/** Deepest nesting below a layer folder that gets a pattern (src/models/a/b/c/x.ts is depth 3). */
const MAX_DEPTH = 4;

/**
 * The `regex` that an import escaping `depth` levels below src/<folder> into a
 * forbidden top-level entry of src/ matches: `../` × (depth + 1), then the entry.
 */
function escapeInto(depth, forbidden) {
  const up = `(\\.\\./){${depth + 1}}`;
  return `^${up}(${forbidden.join('|')})(/|\\.js$|$)`;
}

/** One flat-config object per (folder, depth) carrying its no-restricted-imports zone. */
export function layeringConfigs() {
  // Any other file under src/ (a folder not listed yet) still may not import the CLI.
  const configs = [
    {
      files: ['src/**/*.ts'],
      ignores: ['src/cli.ts', 'src/cli/**'],
      rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)cli(/|\\.js$|$)', message: NO_CLI }] }] },
    },
  ];
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    const forbidden = FOLDERS.filter((f) => f !== folder && !allowed.includes(f) && !(MAY_IMPORT_TYPES[folder] ?? []).includes(f));
    const message =
      allowed.length === 0
        ? `src/${folder} imports nothing outside itself (docs/architecture.md).`
        : `src/${folder} may import only from ${allowed.map((a) => `src/${a}`).join(', ')} (docs/architecture.md).`;
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      // A leaf refuses every path that climbs out of it, so a folder added later is covered too.
      const regex = allowed.length === 0 ? `^(\\.\\./){${depth + 1}}` : escapeInto(depth, forbidden);
      const typesOnly = MAY_IMPORT_TYPES[folder] ?? [];
      const rules = { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] };
      if (typesOnly.length > 0) {
        rules['@typescript-eslint/no-restricted-imports'] = [
          'error',
          {
            patterns: [
              {
                regex: escapeInto(depth, typesOnly),
                message: `src/${folder} may import only types from ${typesOnly.map((t) => `src/${t}`).join(', ')} (docs/architecture.md).`,
                allowTypeImports: true,
              },
            ],
          },
        ];
      }
      configs.push({ files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`], rules });
    }
  }
  return configs;
}
