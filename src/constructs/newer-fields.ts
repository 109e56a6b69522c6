import { JsonPatch } from 'cdk8s';
import * as k8s from './k8s';

/**
 * A KubeDeployment that can carry fields newer than the cdk8s-plus-28 (Kubernetes 1.28) L1 types.
 *
 * The L1 classes re-map their JSON through the 1.28 property types after applying JSON patches,
 * which silently drops unknown fields (e.g. `lifecycle.preStop.sleep`, Kubernetes ≥ 1.30).
 * Patches added here are applied after that mapping, so they survive.
 */
export class KubeDeploymentWithNewerFields extends k8s.KubeDeployment {
  private readonly newerFieldPatches: JsonPatch[] = [];

  public addNewerFieldPatch(...patches: JsonPatch[]): void {
    this.newerFieldPatches.push(...patches);
  }

  public override toJson(): any {
    return JsonPatch.apply(super.toJson(), ...this.newerFieldPatches);
  }
}
