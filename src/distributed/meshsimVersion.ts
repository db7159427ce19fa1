/**
 * The meshsim version a job is made by and a worker runs. Results are byte-identical
 * only between the same models, so a worker refuses a job of another version
 * (replicationJob.ts) rather than return figures the submitter's own run would not give.
 */
import packageJson from '../../package.json' with { type: 'json' };

export const MESHSIM_VERSION: string = packageJson.version;
