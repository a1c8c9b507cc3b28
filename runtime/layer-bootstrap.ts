// Entry of the runtime layer (/opt/bootstrap → here). The function's zip holds its own code, as
// the build lays out /var/task; modules it keeps out of its bundle, this runtime included,
// resolve from the layers' /opt/nodejs/node_modules, where Lambda mounts them (Node.js resolves
// ESM only from node_modules above the importing file).
import { start } from "./start.ts";
import { loadTaskModule } from "./task-module.ts";

const LAYER_PARENT = "file:///opt/nodejs/layer-modules.mjs";

process.getBuiltinModule("node:module").registerHooks({
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

void start(() => loadTaskModule());
