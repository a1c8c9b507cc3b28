// A deployment zip's contents run as Lambda runs a zip function: unpacked into /var/task of an
// image with only the OS (the provided.al2023 stand-in), its `bootstrap` as the entry point. With
// no Runtime API there, the bootstrap starts the emulator on 8080, published on loopback.
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";

const OS_ONLY_IMAGE = "public.ecr.aws/lambda/provided:al2023";

/**
 * Starts the unpacked zip in `taskDir` on `platform` (linux/amd64 or linux/arm64). `executed`:
 * the zip's emulator runs in front and executes `bootstrap`, as Lambda and AWS's RIE do, so the
 * runtime runs with what the bootstrap's first line gives it.
 */
export function startUnpackedZip(taskDir: string, platform: string, launch: "entrypoint" | "executed" = "entrypoint"): Promise<StartedTestContainer> {
  const entrypoint = launch === "executed" ? ["/var/task/tslambda/bin/node", "/var/task/tslambda/emulator.mjs", "--", "/var/task/bootstrap"] : ["/var/task/bootstrap"];
  return new GenericContainer(OS_ONLY_IMAGE)
    .withPlatform(platform)
    .withCopyDirectoriesToContainer([{ source: taskDir, target: "/var/task" }])
    .withEnvironment({ _HANDLER: "index.handler" })
    .withEntrypoint(entrypoint)
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forLogMessage(/tslambda emulator: invoke API on/))
    .withStartupTimeout(120_000)
    .start();
}
