// Compiles every markdown page named on standard input (one path a line) as MDX 3 with GFM, as
// Docusaurus v3 compiles a docs page, in one process. Prints one line per page that fails
// (`path:line:column: reason`) and exits 1 if any did.
import { compile } from "@mdx-js/mdx";
import remarkGfm from "remark-gfm";
import { readFile } from "node:fs/promises";

const input = await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
});
const paths = input.split("\n").filter((line) => line !== "");
let failed = 0;
for (const path of paths) {
  const source = await readFile(path, "utf8");
  try {
    await compile(source, { remarkPlugins: [remarkGfm] });
  } catch (error) {
    failed += 1;
    const place = error.place?.start ?? error.place ?? {};
    console.log(`${path}:${place.line ?? 0}:${place.column ?? 0}: ${error.reason ?? error.message}`);
  }
}
console.log(`${paths.length} pages compiled as MDX, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
