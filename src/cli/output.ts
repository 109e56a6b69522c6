import * as fs from 'fs';
import * as path from 'path';
import { RenderedTree } from '../compile';

/**
 * Writes the tree into a staging folder beside `outdir` and swaps it in only when complete,
 * so a failed run never leaves a half-written dist/.
 */
export function writeTreeAtomically(outdir: string, tree: RenderedTree): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  const staging = fs.mkdtempSync(path.join(parent, `${path.basename(target)}.staging-`));
  try {
    writeTree(staging, tree);
    const previous = `${target}.previous-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

export function writeTree(dir: string, tree: RenderedTree): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [relative, content] of tree) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
