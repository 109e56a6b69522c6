import type { MeshPlatformSpec, ServiceMeshSpec } from '../src/spec/mesh/types';

/** Seed 000 mesh and edge: filled in by the mesh-and-edge work. */
export const hyperscaleMesh: MeshPlatformSpec | undefined = undefined;
export const apiMesh: ServiceMeshSpec | undefined = undefined;
