/**
 * Field-level checks for mesh specs. TypeScript catches most of these in typed platforms; JSON and
 * YAML specs arrive untyped, so every enum, duration, number and name is checked at its path.
 */
import { isDns1123Label, isLabelValue } from '../names';
import type { IssueCollector } from '../validate';
import { durationMs } from './duration';

export function checkEnum(value: unknown, allowed: readonly string[], path: string, what: string, out: IssueCollector): boolean {
  if (typeof value === 'string' && allowed.includes(value)) return true;
  out.report(path, 'mesh-enum', `${what} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return false;
}

/** Milliseconds of a valid duration (at least 1 ms, as Istio requires), else reports and returns undefined. */
export function checkDuration(value: unknown, path: string, out: IssueCollector): number | undefined {
  const ms = durationMs(value);
  if (ms === undefined || ms < 1) {
    out.report(path, 'mesh-duration', `${JSON.stringify(value)} is not a duration of at least 1ms: a whole number with one unit of ms, s, m or h (e.g. '250ms', '3s')`);
    return undefined;
  }
  return ms;
}

export function checkInt(value: unknown, path: string, out: IssueCollector, min: number, max = 2 ** 31 - 1): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
  out.report(path, 'mesh-number', `${JSON.stringify(value)} must be a whole number from ${min} to ${max}`);
  return false;
}

export function checkOptionalInt(value: unknown, path: string, out: IssueCollector, min: number, max?: number): void {
  if (value !== undefined) checkInt(value, path, out, min, max);
}

export function checkPorts(ports: unknown, path: string, out: IssueCollector, required = false): void {
  if (ports === undefined && !required) return;
  if (!Array.isArray(ports) || ports.length === 0) {
    out.report(path, 'mesh-number', 'needs at least one port (1–65535)');
    return;
  }
  ports.forEach((p, i) => checkInt(p, `${path}.${i}`, out, 1, 65535));
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** IPv4 CIDRs with no host bits set, as NetworkPolicy ipBlock expects (IPv6 is passed through as written). */
export function checkCidrs(cidrs: unknown, path: string, out: IssueCollector, required: boolean): void {
  if (cidrs === undefined && !required) return;
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    out.report(path, 'cidr', 'needs at least one CIDR, e.g. 10.0.0.0/16');
    return;
  }
  cidrs.forEach((cidr, i) => {
    if (typeof cidr === 'string' && cidr.includes(':') && cidr.includes('/')) return;
    const m = typeof cidr === 'string' ? IPV4_CIDR.exec(cidr) : null;
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const bits = m ? Number(m[5]) : -1;
    if (!m || octets.some((o) => o > 255) || bits > 32) {
      out.report(`${path}.${i}`, 'cidr', `${JSON.stringify(cidr)} is not a CIDR such as 10.0.0.0/16`);
      return;
    }
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    if (bits < 32 && address % 2 ** (32 - bits) !== 0) {
      out.report(`${path}.${i}`, 'cidr', `${cidr} has host bits set; write the network address of the /${bits}`);
    }
  });
}

export function checkNamespaceName(value: unknown, path: string, out: IssueCollector): void {
  if (typeof value !== 'string' || !isDns1123Label(value)) {
    out.report(path, 'dns-1123-name', `namespace ${JSON.stringify(value)} is not a DNS-1123 label`);
  }
}

export function checkLabels(labels: unknown, path: string, out: IssueCollector): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    out.report(path, 'mesh-labels', 'must be a map of label keys to values');
    return;
  }
  for (const [key, value] of Object.entries(labels).sort()) {
    if (typeof value !== 'string' || !isLabelValue(value)) out.report(`${path}.${key}`, 'mesh-labels', `${JSON.stringify(value)} is not a valid label value`);
  }
}

/** A DNS-1123 subdomain: what Kubernetes requires of Secret and issuer names, and what a host name must be. */
export function isDnsSubdomain(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 253 && value.split('.').every((part) => isDns1123Label(part));
}

export function checkSecretName(value: unknown, path: string, out: IssueCollector): void {
  if (!isDnsSubdomain(value)) out.report(path, 'dns-1123-name', `${JSON.stringify(value)} is not a valid Secret name (DNS-1123 subdomain)`);
}

/** A list field that must be an array of strings (names), when present. */
export function stringList(value: unknown, path: string, out: IssueCollector): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    out.report(path, 'mesh-type', 'must be a list of names');
    return [];
  }
  return value as string[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True for an object; otherwise reports it (JSON specs may hold null, strings or lists anywhere). */
export function requireObject(value: unknown, path: string, out: IssueCollector): boolean {
  if (isRecord(value)) return true;
  out.report(path, 'mesh-type', `must be an object, not ${JSON.stringify(value)}`);
  return false;
}

/** Sorted keys of a map-typed field; anything but an object (when present) is reported. */
export function recordKeys(value: unknown, path: string, out: IssueCollector): string[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    out.report(path, 'mesh-type', `must be a map of names to settings, not ${JSON.stringify(value)}`);
    return [];
  }
  return Object.keys(value).sort();
}
