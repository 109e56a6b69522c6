/** Service mesh and edge spec (issue: mesh and edge). Placeholder shapes, to be filled in. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MeshPlatformSpec {}
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ServiceMeshSpec {}
