import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository this compiler runs from: the nearest folder above this module (src/cli/ under
 * ts-node and jest, build/ in the bundle) whose package.json is platform-compiler's. The default
 * output folder is resolved against it, so `synth` from a subfolder still writes the committed dist/.
 */
export function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'platform-compiler') return dir;
      } catch {
        // Not ours; keep looking upwards.
      }
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** dist/ of the repository: where synth writes and what diff/plan compare against by default. */
export function defaultOutDir(): string {
  return path.join(repositoryRoot(), 'dist');
}

/** A folder as messages show it: relative to the current directory when inside it, else absolute. */
export function displayFolder(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  if (relative === '') return './';
  return relative.startsWith('..') || path.isAbsolute(relative) ? `${folder}/` : `${relative}/`;
}
