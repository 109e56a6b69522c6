import * as fs from 'fs';
import * as path from 'path';

/** Every YAML file below `dir` (the committed dist/ by default): relative path → text, sorted by path. */
export function distTree(dir = path.resolve(__dirname, '../../dist'), prefix = ''): Map<string, string> {
  const tree = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of distTree(path.join(dir, entry.name), rel)) tree.set(k, v);
    else if (entry.name.endsWith('.yaml')) tree.set(rel, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
  }
  return tree;
}
