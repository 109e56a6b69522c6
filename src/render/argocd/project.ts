import { globMatch } from './glob';

/**
 * Argo CD's AppProject admission rules (argo-cd v3.5, pkg/apis/application/v1alpha1), restated so
 * a render can prove that every Application it generates is one its project accepts. Argo CD
 * rejects a non-permitted Application outright (it never syncs), so this is an error, not a lint.
 */

export interface Destination {
  readonly server?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface AppProjectSpec {
  readonly sourceRepos?: readonly string[];
  readonly destinations?: readonly Destination[];
  readonly clusterResourceWhitelist?: readonly GroupKind[];
  readonly clusterResourceBlacklist?: readonly GroupKind[];
  /** Absent = every namespaced kind; present but empty = none (Argo CD tells nil from empty). */
  readonly namespaceResourceWhitelist?: readonly GroupKind[];
  readonly namespaceResourceBlacklist?: readonly GroupKind[];
}

const isDeny = (pattern: string | undefined): boolean => (pattern ?? '').startsWith('!');

/** A pattern against a value; a leading `!` inverts the match (Argo CD's allowNegation). */
function patternMatch(pattern: string | undefined, value: string | undefined, separators: readonly string[] = []): boolean {
  const p = pattern ?? '';
  const v = value ?? '';
  if (isDeny(p)) return !globMatch(p.slice(1), v, separators);
  if (p === '*') return true;
  return globMatch(p, v, separators);
}

/**
 * A destination is permitted when some entry matches its server or name, and its namespace,
 * and no deny entry (`!pattern`) fails to match. An empty namespace matches only `*` or a deny
 * pattern, which is why an Application without `destination.namespace` is rejected by a project
 * that lists namespaces (argo-cd#11510).
 */
export function isDestinationPermitted(project: AppProjectSpec, dst: Destination): boolean {
  let anyMatched = false;
  let noDenyFailed = true;
  for (const item of project.destinations ?? []) {
    const nameMatched = !!dst.name && patternMatch(item.name, dst.name);
    const serverMatched = !!dst.server && patternMatch(item.server, dst.server);
    const namespaceMatched = patternMatch(item.namespace, dst.namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) {
      anyMatched = true;
    } else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server)) || (!namespaceMatched && isDeny(item.namespace))) {
      noDenyFailed = false;
    }
  }
  return anyMatched && noDenyFailed;
}

/** Argo CD's git URL normalization: lower case, trimmed, scp-style SSH made a URL, no `.git`. */
export function normalizeGitURL(repo: string): string {
  let url = repo.trim().toLowerCase();
  if (/^(ssh:\/\/)?([^/:]*?)@[^@]+$/.test(url) && !url.startsWith('ssh://')) {
    url = `ssh://${url.replace(':', '/')}`;
  }
  if (url.endsWith('.git')) url = url.slice(0, -4);
  return url.replace(/^ssh:\/\//, '');
}

/** Some source pattern matches (`*` stops at `/`), and no deny pattern fails to match. */
export function isSourcePermitted(project: AppProjectSpec, repoURL: string): boolean {
  const source = normalizeGitURL(repoURL);
  let anyMatched = false;
  for (const pattern of project.sourceRepos ?? []) {
    const normalized = isDeny(pattern) ? `!${normalizeGitURL(pattern.slice(1))}` : normalizeGitURL(pattern);
    const matched = patternMatch(normalized, source, ['/']);
    if (matched) anyMatched = true;
    else if (isDeny(normalized)) return false;
  }
  return anyMatched;
}

/** Kind and group patterns are Go `filepath.Match` globs (no separators inside a kind). */
function inList(gk: GroupKind, list: readonly GroupKind[] | undefined): boolean {
  return (list ?? []).some((item) => globMatch(item.kind, gk.kind, ['/']) && globMatch(item.group, gk.group, ['/']));
}

/**
 * Cluster-scoped kinds need a whitelist entry (an empty whitelist admits none); namespaced kinds
 * are admitted unless a whitelist is given and misses them, or the blacklist names them.
 */
export function isGroupKindPermitted(project: AppProjectSpec, gk: GroupKind, namespaced: boolean): boolean {
  if (namespaced) {
    const whitelist = project.namespaceResourceWhitelist;
    const whitelisted = whitelist === undefined || (whitelist.length > 0 && inList(gk, whitelist));
    return whitelisted && !inList(gk, project.namespaceResourceBlacklist);
  }
  const whitelisted = inList(gk, project.clusterResourceWhitelist);
  return whitelisted && !inList(gk, project.clusterResourceBlacklist);
}
