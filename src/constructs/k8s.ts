/**
 * Kubernetes L1 classes (KubeDeployment, KubeService, …) from cdk8s-plus-28.
 *
 * Deep-imported on purpose: the package index also loads every L2 construct, which this
 * compiler does not use (they inject resources, imagePullPolicy Always and path-hash
 * selector labels), and loading it would cost synth time on every run.
 */
export * from 'cdk8s-plus-28/lib/imports/k8s';
