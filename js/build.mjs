// Builds buzon/portal/static/efirma/forge.min.js (an ES module) from the pinned node-forge and copies
// its license next to it. Run `npm ci && npm run build` in js/ after changing the pinned version; the
// output is committed so that running Buzón never needs npm.
import { build } from "esbuild";
import { copyFileSync, readFileSync } from "node:fs";

const destino = new URL("../buzon/portal/static/efirma/", import.meta.url);
const version = JSON.parse(
  readFileSync(new URL("node_modules/node-forge/package.json", import.meta.url)),
).version;

await build({
  entryPoints: [new URL("entrada-forge.mjs", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  platform: "browser",
  legalComments: "inline",
  banner: { js: `/*! node-forge ${version} (BSD-3-Clause OR GPL-2.0), see node-forge.LICENSE.txt */` },
  outfile: new URL("forge.min.js", destino).pathname,
});
copyFileSync(
  new URL("node_modules/node-forge/LICENSE", import.meta.url),
  new URL("node-forge.LICENSE.txt", destino),
);
console.log(`forge.min.js (node-forge ${version}) escrito en ${destino.pathname}`);
