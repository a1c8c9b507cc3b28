// The emulator's functions by name, and how a name in an invoke path finds one: Lambda's own
// path (`/2015-03-31/functions/<name>/invocations`) takes a name, an ARN or a partial ARN, with
// an optional qualifier. With one function, every name reaches it (RIE's `function`, any other);
// with several, an unknown name is Lambda's 404 ResourceNotFoundException.
import { EmulatedFunction } from "./emulated-function.ts";
import type { FunctionSpec } from "./function-spec.ts";

/** name, arn:aws:lambda:region:account:function:name, account:function:name; each with :qualifier. */
const FUNCTION_NAME = /^(?:arn:[^:]+:lambda:[^:]*:\d{12}:function:|\d{12}:function:)?([^:]+)(?::[^:]+)?$/;

export interface RegistrySettings {
  maxQueuedInvokes: number;
  /** Where every function's lines go; each line is prefixed with `[name]` while there are several. */
  print: (line: string) => void;
}

export class FunctionRegistry {
  readonly #functions = new Map<string, EmulatedFunction>();
  readonly #settings: RegistrySettings;

  constructor(settings: RegistrySettings) {
    this.#settings = settings;
  }

  get size(): number {
    return this.#functions.size;
  }

  get names(): string[] {
    return [...this.#functions.keys()];
  }

  async add(spec: FunctionSpec): Promise<EmulatedFunction> {
    if (this.#functions.has(spec.name)) throw new Error(`a function named ${JSON.stringify(spec.name)} is already running`);
    if (!FUNCTION_NAME.test(spec.name) || spec.name.includes("/")) throw new Error(`${JSON.stringify(spec.name)} is not a function name`);
    const outer = this.#settings.print;
    const print = (line: string) => outer(this.#functions.size > 1 ? `[${spec.name}] ${line}` : line);
    const fn = await EmulatedFunction.start(spec, { maxQueuedInvokes: this.#settings.maxQueuedInvokes, print });
    this.#functions.set(spec.name, fn);
    return fn;
  }

  /** Stops taking invokes for `name`, lets the waiting ones run, then ends its environment. */
  async remove(name: string): Promise<void> {
    const fn = this.get(name);
    this.#functions.delete(name);
    await fn.close();
  }

  /** The function of that exact name; throws when there is none. */
  get(name: string): EmulatedFunction {
    const fn = this.#functions.get(name);
    if (fn === undefined) throw new Error(`no function named ${JSON.stringify(name)}; the emulator runs ${this.names.map((n) => JSON.stringify(n)).join(", ") || "none"}`);
    return fn;
  }

  /** The function an invoke path's (decoded) name segment means, or undefined. */
  route(requested: string): EmulatedFunction | undefined {
    if (this.#functions.size === 1) return this.#functions.values().next().value;
    const name = functionNameOf(requested);
    return name === undefined ? undefined : this.#functions.get(name);
  }

  async closeAll(): Promise<void> {
    const all = [...this.#functions.values()];
    this.#functions.clear();
    await Promise.all(all.map((fn) => fn.close()));
  }
}

/** The bare name in a name, ARN or partial ARN (qualifier dropped). */
export function functionNameOf(requested: string): string | undefined {
  return FUNCTION_NAME.exec(requested)?.[1];
}
