// Imports each package as an ES module and requires it as CommonJS, and checks that both are one
// instance: the same export names, each the very same object, so an error made through one is an
// `instanceof` the other's class. Argument: a JSON array of [package name, error class name].
// Prints one line per package: its name, the number of shared exports, and whether an error was
// checked both ways (a catalog whose every error needs arguments has none to make bare). Run from
// the consumer project, where both resolve the installed packages.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
for (const [name, errorClass] of JSON.parse(process.argv[2])) {
  const esm = await import(name);
  const cjs = require(name);
  const esmNames = Object.keys(esm).sort();
  const cjsNames = Object.keys(cjs).sort();
  if (JSON.stringify(esmNames) !== JSON.stringify(cjsNames)) {
    throw new Error(`${name}: import gives ${esmNames}, require gives ${cjsNames}`);
  }
  for (const key of esmNames) {
    if (esm[key] !== cjs[key]) {
      throw new Error(`${name}: \`${key}\` of import is not \`${key}\` of require`);
    }
  }
  let checked = "none";
  for (const info of esm.ERRORS) {
    let viaImport;
    let viaRequire;
    try {
      viaImport = new esm[errorClass]({ name: info.name });
      viaRequire = new cjs[errorClass]({ name: info.name });
    } catch {
      continue;
    }
    if (!(viaImport instanceof cjs[errorClass]) || !(viaRequire instanceof esm[errorClass])) {
      throw new Error(`${name}: ${info.name} is not an instance across import and require`);
    }
    checked = info.name;
    break;
  }
  console.log(`${name}: ${esmNames.length} exports shared, instanceof checked with ${checked}`);
}
