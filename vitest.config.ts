import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // one test file per core (large kernels also start worker threads: test/threads/)
    maxWorkers: 2,
  },
});
