/**
 * Recognizes a well-formed `validate --tree DIR [--format text|json]` (or `validate DIR`) so main.ts
 * can run it from the lean bundle (build/validate-tree.js) without loading the compiler. Anything
 * else, including every malformed variant, returns undefined and goes to the full CLI, whose parser
 * owns the usage errors. No imports: this file is loaded before either bundle.
 */
export interface TreeArgs {
  readonly tree: string;
  readonly format?: 'text' | 'json';
}

export function treeValidationArgs(argv: readonly string[]): TreeArgs | undefined {
  if (argv[0] !== 'validate') return undefined;
  const values: Record<string, string> = {};
  const take = (name: string, value: string | undefined): boolean => {
    if (value === undefined || value === '' || name in values) return false;
    values[name] = value;
    return true;
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const inline = /^--(tree|format)=(.*)$/.exec(arg);
    if (inline) {
      if (!take(inline[1], inline[2])) return undefined;
    } else if (arg === '--tree' || arg === '--format') {
      if (!take(arg.slice(2), argv[++i]) || values[arg.slice(2)].startsWith('-')) return undefined;
    } else if (!arg.startsWith('-')) {
      if (!take('tree', arg)) return undefined;
    } else {
      return undefined;
    }
  }
  if (values.tree === undefined || (values.format !== undefined && values.format !== 'text' && values.format !== 'json')) return undefined;
  return { tree: values.tree, ...(values.format ? { format: values.format as 'text' | 'json' } : {}) };
}
