// Validates bodies with ajv (draft 2020-12, ajv-formats). Each argument is a JSON file
// { "schemas": [schema, ...], "cases": [[schema index, body], ...] }; prints one JSON array per
// file with the verdict (true: valid) of each case, as a JSON array of those arrays.
"use strict";
const fs = require("node:fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const out = [];
for (const file of process.argv.slice(2)) {
  const { schemas, cases } = JSON.parse(fs.readFileSync(file, "utf8"));
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats(ajv);
  const compiled = new Map();
  const validator = (i) => {
    if (!compiled.has(i)) compiled.set(i, ajv.compile(schemas[i]));
    return compiled.get(i);
  };
  out.push(cases.map(([i, body]) => validator(i)(body) === true));
}
process.stdout.write(JSON.stringify(out));
