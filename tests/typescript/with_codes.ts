// The code half of the consumer, for catalogs whose errors have codes (integer or string).

import {
  ERRORS,
  ErrorCode,
  ErrorName,
  errorByCode,
  errorByName,
  isErrorCode,
  type ErrorInfo,
} from "./errors.js";
import { check, type Assert } from "./check.js";

// Codes are a union of the catalog's literals, not any number or string.
export type CodeChecks = [
  Assert<number extends ErrorCode ? false : true>,
  Assert<string extends ErrorCode ? false : true>,
  Assert<ErrorInfo["code"] extends ErrorCode ? true : false>,
];

/** The code column of the table. */
export function codeOf(info: ErrorInfo): ErrorCode {
  return info.code;
}

export function checkCodes(): void {
  check(new Set(Object.values(ErrorCode)).size === ERRORS.length, "ErrorCode has one distinct code per error");
  for (const [key, name] of Object.entries(ErrorName)) {
    const code = ErrorCode[key as keyof typeof ErrorCode];
    check(errorByName(name).code === code, `ErrorCode.${key} is the code of ${name}`);
  }
  for (const info of ERRORS) {
    const where = `error ${info.name}`;
    // The overload for a known code returns ErrorInfo, not ErrorInfo | undefined.
    const found: ErrorInfo = errorByCode(info.code);
    check(found === info, `${where}: errorByCode finds it`);
    check(isErrorCode(info.code), `${where}: isErrorCode accepts its code`);
    if (typeof info.code !== "string") {
      check(!isErrorCode(String(info.code)), `${where}: the text of its code is not a code`);
    }
  }
  // Codes arrive untyped from the wire: an unknown one finds nothing.
  const first = ERRORS[0]?.code;
  const unknown: Parameters<typeof errorByCode>[0] = JSON.parse(
    // Never an integer code, whatever the catalog holds.
    typeof first === "string" ? '"no such code"' : "0.5",
  );
  check(errorByCode(unknown) === undefined, "errorByCode of an unknown code is undefined");
  check(!isErrorCode(unknown), "isErrorCode of an unknown code is false");
  for (const bogus of [null, undefined, Number.NaN, "", {}, "constructor", "__proto__"]) {
    check(!isErrorCode(bogus), `isErrorCode(${String(bogus)}) is false`);
  }
}
