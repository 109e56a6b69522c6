// A local cdk8s validation plugin (cdk8s.yaml `validations`, package ./scripts/cdk8s-validation):
// the lean bundle that `cdk8s synth`'s app (scripts/cli.mjs) has just built exports the class.
module.exports = { RenderedTreeValidation: require('../../build/validate-tree.js').RenderedTreeValidation };
