// Node's built-in modules reach the bundle through process.getBuiltinModule(), as CommonJS, not
// as ES module imports. Importing a built-in as an ES module builds a facade that reads every
// export, lazy getters included: `import ... from "node:http"` reads http.WebSocket and so loads
// Node's internal undici (about 20 ms of cold init, for a function that never touches it), and
// node:crypto's facade loads webcrypto. As CommonJS, the bundle reads only the properties it uses,
// when it uses them.
import { isBuiltin } from "node:module";
import type { Plugin } from "esbuild";

const NAMESPACE = "tslambda-builtin";

export const builtinModulesOnUse: Plugin = {
  name: "builtin-modules-on-use",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z][a-z0-9_/]*$/ }, (args) => (isBuiltin(args.path) ? { path: args.path.startsWith("node:") ? args.path : `node:${args.path}`, namespace: NAMESPACE } : undefined));
    b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};
