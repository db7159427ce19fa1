import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { importKubernetes } from '../../src/import/importKubernetes.js';
import { InputError } from '../../src/scenarios/inputError.js';
import { listYamlFiles } from '../policy/corpusWalk.js';
import { describeWithShared } from '../sharedFiles.js';

describeWithShared('istio-corpus', 'import k8s over the Istio corpus', (corpus) => {
  it('imports every file holding a Deployment into a scenario that loads, or refuses it with located errors: never a crash', () => {
    const files = listYamlFiles(corpus).filter((f) => /^kind: (Deployment|StatefulSet)\b/m.test(readFileSync(f, 'utf8')));
    expect(files.length).toBeGreaterThan(10);
    let imported = 0;
    const refused: string[] = [];
    for (const file of files) {
      try {
        importKubernetes([file], { outFile: 'out.yaml' });
        imported++;
      } catch (err) {
        if (!(err instanceof InputError)) throw new Error(`${file}: ${String(err)}`, { cause: err });
        expect(err.messages.every((m) => m.line >= 1 && m.col >= 1)).toBe(true);
        refused.push(file);
      }
    }
    // Most sample manifests are plain Kubernetes: they must import.
    expect(imported, `refused: ${refused.join(', ')}`).toBeGreaterThan(files.length * 0.8);
  });
});
