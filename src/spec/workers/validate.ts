import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

/** Worker, KEDA and consumer rules. */
export function checkAsyncWorkloads(_platform: PlatformSpec, _out: IssueCollector): void {}
