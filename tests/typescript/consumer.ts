// Exercises a generated errors.ts, then prints its whole table as JSON on stdout in the shape of
// `expected_table` (tests/common/mod.rs). `codes.ts` is `with_codes.ts` or `without_codes.ts`,
// whichever matches the catalog.

import {
  Category,
  ERRORS,
  ErrorName,
  errorByName,
  formatMessage,
  isErrorName,
  type ErrorInfo,
  type ParamInfo,
  type ParamType,
} from "./errors.js";
import { checkCodes, codeOf } from "./codes.js";
import { check, throws, type Assert } from "./check.js";

// No @types/node: the program needs nothing from node but this.
declare const console: { log(text: string): void };

// Names and categories are unions of the catalog's literals, not any string.
export type NameChecks = [
  Assert<string extends ErrorName ? false : true>,
  Assert<string extends Category ? false : true>,
  Assert<ErrorInfo["name"] extends ErrorName ? true : false>,
  Assert<ErrorInfo["category"] extends Category ? true : false>,
];

/** The value every language passes for a parameter (`sample` in tests/common/mod.rs). */
function sample(name: string, type: ParamType): string | number | boolean {
  switch (type) {
    case "string":
      return `«${name}»`;
    case "integer":
      return 42;
    case "number":
      return 2.5;
    case "boolean":
      return true;
  }
}

check(ERRORS.length > 0, "ERRORS is not empty");
check(Object.isFrozen(ERRORS), "ERRORS is frozen");
check(
  throws(TypeError, () => (ERRORS as ErrorInfo[]).pop()),
  "removing from ERRORS throws",
);

const names = new Set<string>(Object.values(ErrorName));
check(names.size === ERRORS.length, "ErrorName has one distinct name per error");
for (const [key, name] of Object.entries(ErrorName)) {
  // An alias's key holds the error's own name.
  const spelled = [name, ...errorByName(name).aliases].map((n) => n.toUpperCase());
  check(spelled.includes(key), `ErrorName.${key} is SCREAMING_SNAKE for ${name} or an alias of it`);
}
const categories = new Set<string>(Object.values(Category));
for (const [key, id] of Object.entries(Category)) {
  check(key === id.toUpperCase(), `Category.${key} is SCREAMING_SNAKE for ${id}`);
}

for (const info of ERRORS) {
  const where = `error ${info.name}`;
  // The overload for a known name returns ErrorInfo, not ErrorInfo | undefined.
  const found: ErrorInfo = errorByName(info.name);
  check(found === info, `${where}: errorByName finds it`);
  check(isErrorName(info.name), `${where}: isErrorName accepts it`);
  check(names.has(info.name), `${where}: is in ErrorName`);
  check(categories.has(info.category), `${where}: its category is in Category`);

  check(Object.isFrozen(info), `${where}: is frozen`);
  check(Object.isFrozen(info.params), `${where}: its params are frozen`);
  check(info.params.every((p) => Object.isFrozen(p)), `${where}: each param is frozen`);
  check(
    throws(TypeError, () => {
      (info as { title: string }).title = "changed";
    }),
    `${where}: assigning a field throws`,
  );
  check(
    throws(TypeError, () => (info.params as ParamInfo[]).push({ name: "x", type: "string" })),
    `${where}: adding a param throws`,
  );

  check(info.deprecated === (info.deprecation !== null), `${where}: deprecation iff deprecated`);
  if (info.deprecation !== null) {
    check(Object.isFrozen(info.deprecation), `${where}: its deprecation is frozen`);
    const replacement = info.deprecation.replacedBy;
    check(replacement === null || isErrorName(replacement), `${where}: replaced by a known error`);
  }

  // A parameter missing from the values stays a placeholder; `false` is printed, not dropped.
  const unfilled = formatMessage(info.name, {});
  for (const p of info.params) {
    check(unfilled.includes(`{${p.name}}`), `${where}: missing {${p.name}} stays in the text`);
    if (p.type === "boolean") {
      const filled = formatMessage(info.name, { [p.name]: false });
      check(filled.includes("false"), `${where}: false is printed`);
    }
  }
}

// Object's own property names are no error names, unless the catalog defines them.
const bogusNames = ["no_such_error", "constructor", "__proto__", "toString", "hasOwnProperty", ""];
for (const bogus of bogusNames.filter((n) => !names.has(n))) {
  check(errorByName(bogus) === undefined, `errorByName(${JSON.stringify(bogus)}) is undefined`);
  check(!isErrorName(bogus), `isErrorName(${JSON.stringify(bogus)}) is false`);
}
for (const bogus of [null, undefined, 0, {}, ["x"]]) {
  check(!isErrorName(bogus), `isErrorName(${String(bogus)}) is false`);
}
check(
  throws(RangeError, () =>
    // @ts-expect-error: only the catalog's names are error names.
    formatMessage("no such error", {}),
  ),
  "formatMessage rejects an unknown name",
);
const someName: ErrorName = ERRORS[0]?.name ?? (Object.values(ErrorName)[0] as ErrorName);
// @ts-expect-error: parameter values are strings, numbers or booleans.
formatMessage(someName, { x: null });

checkCodes();

const rows = ERRORS.map((info) => {
  const values: Record<string, string | number | boolean> = {};
  for (const p of info.params) {
    values[p.name] = sample(p.name, p.type);
  }
  return {
    name: info.name,
    code: codeOf(info),
    category: info.category,
    http_status: info.httpStatus,
    // Present only when the catalog gives some error a gRPC status.
    grpc_status: "grpcStatus" in info ? info.grpcStatus : null,
    title: info.title,
    message: info.message,
    fix: info.fix,
    retryable: info.retryable,
    docs_url: info.docsUrl,
    deprecated: info.deprecated,
    params: info.params.map((p) => ({ name: p.name, type: p.type })),
    formatted: formatMessage(info.name, values),
  };
});
// Integer codes beyond 2^53 are bigints, which JSON.stringify refuses: they are printed as
// the exact digits.
console.log(
  JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === "bigint" ? `\u0000bigint:${value.toString()}` : value,
  ).replace(/"\\u0000bigint:(-?[0-9]+)"/g, "$1"),
);
