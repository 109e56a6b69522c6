import { TMP_VOLUME_SIZE } from '../model/defaults';
import * as k8s from './k8s';

/** A fixed non-root identity, so runAsNonRoot holds even for images that declare no numeric USER. */
export const NON_ROOT_UID = 10001;

/** Pod-level half of the Pod Security "restricted" profile. */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: NON_ROOT_UID,
    runAsGroup: NON_ROOT_UID,
    fsGroup: NON_ROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level half: no escalation, no capabilities, an immutable root filesystem. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** With a read-only root, /tmp is the one writable path most runtimes (Python included) need. */
export const TMP_VOLUME: k8s.Volume = { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_VOLUME_SIZE) } };
export const TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };
