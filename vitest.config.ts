import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 10_000,
          restoreMocks: true,
          unstubEnvs: true,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          retry: process.env["CI"] ? 1 : 0,
        },
      },
      {
        test: {
          name: "containers",
          include: ["test/containers/**/*.test.ts"],
          globalSetup: ["test/containers/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          // Containers (arm64 ones under qemu) share two cores: one file at a time.
          fileParallelism: false,
          retry: process.env["CI"] ? 1 : 0,
          // Loopback as the container host: testcontainers would take the bridge gateway, which
          // the engine does not publish on and tests must never talk to (test/helpers/container-url.ts).
          env: { TESTCONTAINERS_RYUK_DISABLED: "true", TESTCONTAINERS_HOST_OVERRIDE: "127.0.0.1" },
        },
      },
    ],
  },
});
