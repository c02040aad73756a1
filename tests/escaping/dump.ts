// Prints what tests/typescript/consumer.ts leaves out of a generated errors.ts: the category ids
// and every error's deprecation details, as JSON. Type-checked with the consumer programs under
// tests/escaping/tsconfig.json and run by tests/escaping.rs.

import { Category, ERRORS } from "./errors.js";

declare const console: { log(text: string): void };

console.log(
  JSON.stringify({
    categories: Object.values(Category),
    deprecations: ERRORS.map((info) => info.deprecation),
  }),
);
