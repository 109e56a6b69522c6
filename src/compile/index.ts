/**
 * The compile pipeline: validate → model → charts → YAML tree. The CLI, the tests and the bench
 * all compile through here; nothing below src/cli/ is part of it.
 */
export { modelCharts, platformCharts } from './platform-charts';
export type { ManifestFile, PlatformChartsOptions } from './platform-charts';
export { renderFiles, renderPlatforms, toYamlDocuments } from './render';
export type { RenderedTree } from './render';
