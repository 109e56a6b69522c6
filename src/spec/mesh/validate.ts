import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

/** Mesh and edge rules. */
export function checkMesh(_platform: PlatformSpec, _out: IssueCollector): void {}
