// jest globalSetup: the schema gate's precompiled validators must exist before any test loads them
// (a no-op when build/schema-gate is newer than crds/ and its build script).
module.exports = async function globalSetup() {
  const { ensureSchemaGate } = await import('../../scripts/build-schema-gate.mjs');
  await ensureSchemaGate({ log: (message) => process.stderr.write(`\n${message}\n`) });
};
