// The code half of the consumer, for catalogs without codes: nothing code-related exists.

import * as errors from "./errors.js";
import type { ErrorInfo } from "./errors.js";
import { check, type Assert } from "./check.js";

export type CodeChecks = [Assert<"code" extends keyof ErrorInfo ? false : true>];

/** The code column of the table. */
export function codeOf(info: ErrorInfo): null {
  check(!("code" in info), `error ${info.name} has no code`);
  return null;
}

export function checkCodes(): void {
  for (const absent of ["ErrorCode", "errorByCode", "isErrorCode"]) {
    check(!(absent in errors), `a catalog without codes exports no ${absent}`);
  }
}
