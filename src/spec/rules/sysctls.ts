/**
 * Pod sysctls and node tuning (seed 002's kernel tuning), and the VPA beside an HPA (seed 001).
 *
 * Kubernetes' safe sysctls (docs: "Using sysctls in a Kubernetes Cluster", and the Pod Security
 * Standards' baseline "Sysctls" control, which restricted inherits) are namespaced and isolated
 * between pods, so the kubelet allows them by default. Everything else is unsafe: the kubelet
 * refuses it unless the node allow-lists it (--allowed-unsafe-sysctls), and Pod Security
 * baseline and restricted reject the pod outright.
 */
import type { ResolvedService } from '../resolve';
import type { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { sortedKeys } from '../resolve';

/** The Kubernetes minor version the render targets (the conformance apiserver's, v1.33). */
export const TARGET_KUBERNETES_MINOR = 33;

/** The safe set: sysctl → the Kubernetes minor version that added it to the set. */
export const SAFE_SYSCTLS: Readonly<Record<string, number>> = {
  // The original safe set, from the first pod sysctl support (stable since v1.21).
  'kernel.shm_rmid_forced': 4,
  'net.ipv4.ip_local_port_range': 4,
  'net.ipv4.tcp_syncookies': 4,
  'net.ipv4.ping_group_range': 18,
  'net.ipv4.ip_unprivileged_port_start': 22,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
  'net.ipv4.tcp_rmem': 32,
  'net.ipv4.tcp_wmem': 32,
};

/** Namespaced but unsafe ones worth a precise message: they are per pod, yet no restricted pod may set them. */
const NAMESPACED_UNSAFE: Readonly<Record<string, string>> = {
  'net.core.somaxconn': "is namespaced (each pod's network namespace has its own, the kernel default 4096 since Linux 5.4) but not in the safe set",
};

/** Whether a node-level setting would be shadowed by each pod's own network namespace. */
export function isNetnsScoped(name: string): boolean {
  return name in NAMESPACED_UNSAFE || name in SAFE_SYSCTLS || name.startsWith('net.ipv4.') || name.startsWith('net.ipv6.');
}

/** Sysctl names are written with dots; the kubelet also takes slashes (since v1.23). */
const normalize = (name: string) => name.replace(/\//g, '.');

export function checkPodSysctls(service: ResolvedService, out: IssueCollector): void {
  const sysctls = service.spec.sysctls;
  if (!sysctls) return;
  for (const raw of sortedKeys(sysctls)) {
    const name = normalize(raw);
    const since = SAFE_SYSCTLS[name];
    const path = `${service.pathOf('sysctls')}.${raw}`;
    if (since === undefined) {
      const why = NAMESPACED_UNSAFE[name] ?? 'is not in the safe set';
      out.report(path, 'pod-sysctl-safe', `${name} ${why}: Pod Security baseline and restricted reject the pod, and the kubelet refuses it unless the node allow-lists it; safe: ${Object.keys(SAFE_SYSCTLS).join(', ')}`);
    } else if (since > TARGET_KUBERNETES_MINOR) {
      out.report(path, 'pod-sysctl-safe', `${name} is safe only since Kubernetes 1.${since}; the render targets 1.${TARGET_KUBERNETES_MINOR}`);
    } else if (sysctls[raw].trim() === '') {
      out.report(path, 'pod-sysctl-safe', `${name} needs a value`);
    }
  }
}

export function checkNodeTuning(platform: PlatformSpec, out: IssueCollector): void {
  for (const pool of sortedKeys(platform.nodePools)) {
    const tuning = platform.nodePools[pool].tuning;
    for (const name of sortedKeys(tuning?.sysctls)) {
      if (!isNetnsScoped(normalize(name))) continue;
      out.warn(`${platform.name}.nodePools.${pool}.tuning.sysctls.${name}`, 'node-sysctl-namespaced',
        `${name} is set per network namespace: on the node it changes host-network processes only, never the pods' own namespaces`);
    }
  }
}

/** Modes in which the VPA writes pod requests (only 'Off' never does). */
const APPLYING_MODES: ReadonlySet<string> = new Set(['Initial', 'Recreate', 'InPlaceOrRecreate', 'Auto']);

export function checkVerticalScaling(service: ResolvedService, out: IssueCollector): void {
  const vpa = service.spec.verticalScaling;
  if (!vpa || !APPLYING_MODES.has(vpa.updateMode)) return;
  const scaling = service.spec.autoscaling ?? service.spec.eventScaling;
  const hpaResources = [
    ...(scaling?.cpuUtilization !== undefined ? ['cpu'] : []),
    ...(scaling?.memoryUtilization !== undefined ? ['memory'] : []),
  ];
  const controlled = vpa.controlledResources ?? ['cpu', 'memory'];
  const both = hpaResources.filter((r) => controlled.includes(r as 'cpu' | 'memory'));
  if (both.length === 0) return;
  out.report(`${service.pathOf('verticalScaling')}.updateMode`, 'vpa-hpa-conflict',
    `updateMode '${vpa.updateMode}' changes the ${both.join(' and ')} requests the HPA's utilization target is a percentage of: the two controllers fight over the same resource; use 'Off' (recommendations only) or leave ${both.join(' and ')} out of controlledResources`);
}
