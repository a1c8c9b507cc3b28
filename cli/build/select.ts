// The functions a command works on: the ones named on the command line, or all of them.
import { ConfigError } from "../errors.ts";
import { findFunction, type LambdaFunction, type Project } from "../project.ts";

export function selectFunctions(project: Project, names: readonly string[]): LambdaFunction[] {
  if (names.length > 0) return [...new Set(names)].map((name) => findFunction(project, name));
  if (project.functions.length === 0) {
    throw new ConfigError(`${project.root} has no functions: add functions/<name>/index.ts (tslambda init writes one)`);
  }
  return project.functions;
}
