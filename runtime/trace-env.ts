// process.env._X_AMZN_TRACE_ID, the invoke's trace header as Lambda's Node.js runtimes expose it
// (one invoke at a time), kept out of the C environment. Assigning process.env calls setenv(),
// and glibc keeps every distinct NAME=value string it was ever given, for ever (a getenv()
// pointer may still hold it): a new trace id each invoke grew the process by about 100 bytes an
// invoke, 4 MB in 40,000 invokes, as it does under AWS's own client.
//
// So process.env becomes a Proxy over Node's object that answers for this one name from a
// variable, and passes every other name to the real environment. JavaScript sees the name as it
// would a variable: reads, `in`, Object.keys, spreading, JSON, and child processes started with
// the default environment. Native code's getenv() and worker threads, which copy the C
// environment, do not see it.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").

const NAME = "_X_AMZN_TRACE_ID";

type Env = NodeJS.ProcessEnv;

let current: string | undefined;
let installed = false;

/** Sets the trace header (undefined removes it); installs the Proxy on first use. */
export const setTraceEnv = (function setTraceEnv(value: string | undefined): void {
  if (!installed) installTraceEnv();
  current = value;
});

/**
 * Puts the Proxy in place of process.env. Called before the function's code loads, so a module
 * that keeps `process.env` (or `import { env } from "node:process"`) keeps the Proxy.
 */
export function installTraceEnv(): void {
  if (installed) return;
  installed = true;
  const real = process.env;
  current = real[NAME];
  if (current !== undefined) delete real[NAME];
  process.env = new Proxy(real, {
    get: (env, key) => (key === NAME ? current : Reflect.get(env, key)),
    set: (env, key, value) => {
      if (key !== NAME) return Reflect.set(env, key, value);
      current = String(value);
      return true;
    },
    has: (env, key) => (key === NAME ? current !== undefined : Reflect.has(env, key)),
    deleteProperty: (env, key) => {
      if (key !== NAME) return Reflect.deleteProperty(env, key);
      current = undefined;
      return true;
    },
    ownKeys: (env) => (current === undefined ? Reflect.ownKeys(env) : [...Reflect.ownKeys(env), NAME]),
    getOwnPropertyDescriptor: (env, key) => {
      if (key !== NAME) return Reflect.getOwnPropertyDescriptor(env, key);
      return current === undefined ? undefined : { value: current, writable: true, enumerable: true, configurable: true };
    },
    defineProperty: (env, key, descriptor) => {
      if (key !== NAME) return Reflect.defineProperty(env, key, descriptor);
      // As Node.js's process.env: a plain data property or nothing.
      if (!("value" in descriptor) || descriptor.get !== undefined || descriptor.set !== undefined) {
        throw new TypeError(`'process.env' only accepts a configurable, writable, and enumerable data descriptor`);
      }
      current = String(descriptor.value);
      return true;
    },
  } satisfies ProxyHandler<Env>);
}
