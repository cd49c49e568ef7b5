// Copies the pinned front-end packages from node_modules into keyplan/static/vendor.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "keyplan", "static", "vendor");
const files = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "echarts.min.js": "node_modules/echarts/dist/echarts.min.js",
};
mkdirSync(out, { recursive: true });
for (const [name, source] of Object.entries(files)) {
  copyFileSync(join(root, source), join(out, name));
  console.log(`static: ${source} -> keyplan/static/vendor/${name}`);
}
