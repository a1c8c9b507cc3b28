// Entry of the runtime layer (/opt/bootstrap → here). The function's own zip holds only its
// bundle, /var/task/<file>.mjs (from _HANDLER, default index.handler); modules it keeps out of
// its bundle, this runtime included, resolve from the layers' /opt/nodejs/node_modules, where
// Lambda mounts them (Node.js resolves ESM only from node_modules above the importing file).
import { start } from "./start.ts";

const LAYER_PARENT = "file:///opt/nodejs/layer-modules.mjs";

const { registerHooks } = process.getBuiltinModule("node:module");
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const bare = !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.includes(":");
      if (!bare) throw error;
      return nextResolve(specifier, { ...context, parentURL: LAYER_PARENT });
    }
  },
});

const handler = process.env["_HANDLER"] || "index.handler";
const file = handler.includes(".") ? handler.slice(0, handler.lastIndexOf(".")) : handler;
const taskRoot = process.env["LAMBDA_TASK_ROOT"] || "/var/task";
void start(() => import(`file://${taskRoot}/${file}.mjs`));
