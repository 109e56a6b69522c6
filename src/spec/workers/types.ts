/** Worker queues and event consumers spec (issue: worker queues). Placeholder shapes, to be filled in. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface AsyncWorkloadsSpec {}
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ServiceEventScalingSpec {}
