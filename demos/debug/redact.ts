// The debug demo's one rule for environment data (documented in its README): credentials and
// anything whose name says it is secret are replaced by "[redacted]"; the rest is shown as is.

const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_KEY|SESSION)/i;

export const REDACTED = "[redacted]";

export function redactEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value !== undefined) out[name] = SECRET_NAME.test(name) ? REDACTED : value;
  }
  return out;
}
