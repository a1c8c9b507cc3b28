// The one place container tests build URLs. The engine publishes ports on 127.0.0.1 only, and
// tests on this machine may talk to nothing else, so a host that is not loopback (testcontainers
// defaults to the bridge gateway) is refused before any traffic is sent. The containers project
// sets TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 so that testcontainers' own waits use it too.
import type { StartedTestContainer } from "testcontainers";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export function loopbackUrl(host: string, port: number, path = "/"): string {
  if (!LOOPBACK.has(host)) {
    throw new Error(`container host ${host} is not loopback: set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (the containers test project does)`);
  }
  return `http://${host === "::1" ? "[::1]" : host}:${port}${path.startsWith("/") ? path : `/${path}`}`;
}

/** URL of a container's published port, on loopback. */
export function containerUrl(container: StartedTestContainer, port: number, path = "/"): string {
  return loopbackUrl(container.getHost(), container.getMappedPort(port), path);
}
