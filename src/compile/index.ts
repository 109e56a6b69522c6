/**
 * The compile pipeline: validate → model → charts → YAML tree. The CLI, the tests and the bench
 * all compile through here; nothing below src/cli/ is part of it.
 */
export { modelCharts, platformCharts } from './platform-charts';
export type { ManifestFile, PlatformChartsOptions } from './platform-charts';
export { mergeRenders, renderFiles, renderOnePlatform, renderPlatforms, toYamlDocuments } from './render';
export type { PlatformRender, RenderOptions, RenderedTree } from './render';
