// Assertions shared by the consumer programs. A failed check throws, so node exits non-zero.

/** Fails the run when `ok` is false. */
export function check(ok: boolean, what: string): void {
  if (!ok) {
    throw new Error(`check failed: ${what}`);
  }
}

/** Whether `f` throws an instance of `kind`. */
export function throws(kind: new (message?: string) => Error, f: () => unknown): boolean {
  try {
    f();
  } catch (e) {
    return e instanceof kind;
  }
  return false;
}

/** A compile-time assertion: `Assert<X>` only type-checks when `X` is `true`. */
export type Assert<T extends true> = T;
