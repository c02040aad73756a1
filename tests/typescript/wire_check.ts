// Runs the typed-error cases of one generated errors.ts and prints one JSON line per case, for
// tests/typescript.rs to compare with the reference serializer and the expected verdicts. Each
// fixture's driver (written by the test) imports its module as `m` and calls these functions.

// No @types/node: the program needs nothing from node but this.
declare const console: { log(text: string): void };

/** What the drivers use of a generated module. */
export interface Module {
  parseResponseBody(body: unknown, httpStatus?: number): unknown;
  responseJson(body: Readonly<Record<string, unknown>>): string;
  UnknownError: abstract new (...args: never[]) => {
    readonly body: unknown;
    readonly identifiers: Readonly<Record<string, unknown>>;
  };
  ResponseParseError: abstract new (...args: never[]) => Error & { readonly path: string };
}

/** What the drivers use of the catalog's error class. */
export interface Typed {
  readonly errorName: string;
  readonly data: unknown;
  readonly message: string;
  toResponseBody(): Record<string, unknown>;
}

type ErrorClass = abstract new (...args: never[]) => Typed;

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

/**
 * Builds an error, writes its body (`JSON.stringify`, or `responseJson` when the body holds a
 * `bigint`, which `JSON.stringify` must then refuse), parses the text back and writes the
 * parsed error's body again.
 */
export function known(
  fixture: string,
  label: string,
  make: () => Typed,
  exact: boolean,
  status: number | undefined,
  m: Module,
  errorClass: ErrorClass,
): void {
  const error = make();
  const body = error.toResponseBody();
  let text: string;
  let stringify: string;
  if (exact) {
    text = JSON.stringify(body);
    stringify = m.responseJson(body) === text ? "same" : "responseJson differs";
  } else {
    text = m.responseJson(body);
    try {
      JSON.stringify(body);
      stringify = "JSON.stringify wrote a bigint";
    } catch (e) {
      stringify = e instanceof TypeError ? "same" : String(e);
    }
  }
  const parsed = m.parseResponseBody(JSON.parse(text), status);
  if (!(parsed instanceof errorClass)) {
    emit({ fixture, kind: "known", case: label, text, stringify, parsed: String(parsed) });
    return;
  }
  emit({
    fixture,
    kind: "known",
    case: label,
    text,
    stringify,
    isError: error instanceof Error,
    message: error.message,
    errorName: parsed.errorName,
    data: parsed.data,
    again: m.responseJson(parsed.toResponseBody()),
  });
}

/**
 * Parses a body and reports `known:<name>`, `unknown` (with the identifying values read), or
 * `malformed:<path>`.
 */
export function parse(fixture: string, label: string, body: string, status: number | undefined, m: Module): void {
  const input: unknown = JSON.parse(body);
  let result: string;
  let identifiers: unknown = null;
  try {
    const parsed = m.parseResponseBody(input, status);
    if (parsed instanceof m.UnknownError) {
      result = parsed.body === input ? "unknown" : "unknown without its body";
      identifiers = parsed.identifiers;
    } else {
      result = `known:${(parsed as Typed).errorName}`;
    }
  } catch (e) {
    result = e instanceof m.ResponseParseError ? `malformed:${e.path}` : `threw:${String(e)}`;
  }
  emit({ fixture, kind: "parse", case: label, result, identifiers });
}

/** Builds an error from data that cannot go on the wire: its constructor must throw a `TypeError`. */
export function invalid(fixture: string, label: string, make: () => unknown): void {
  let result: string;
  try {
    make();
    result = "constructed";
  } catch (e) {
    result = e instanceof TypeError ? "TypeError" : String(e);
  }
  emit({ fixture, kind: "invalid", case: label, result });
}

/** Reports an error's run-time extensions and whether they are frozen. */
export function extensions(fixture: string, label: string, value: unknown): void {
  emit({ fixture, kind: "extensions", case: label, value, frozen: Object.isFrozen(value) });
}
