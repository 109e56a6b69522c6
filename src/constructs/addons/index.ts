export * from './catalogue';
export * from './addon-values';
export * from './metrics-rules';
export * from './render-facts';
export * from './addon-application';
export * from './addons-for-render';
