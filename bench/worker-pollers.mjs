// Bench-only alternative to the runtime's async pollers: the same bootstrap run in W worker
// threads (one per core, as AWS's Managed Instances Node.js runtime does), each with N/W pollers.
// Used by bench/concurrency.ts to choose between the two designs by measurement.
//   node bench/worker-pollers.mjs <bootstrap>   (AWS_LAMBDA_MAX_CONCURRENCY=N, WORKERS=W)
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

const [bootstrap] = process.argv.slice(2);
const total = Number(process.env.AWS_LAMBDA_MAX_CONCURRENCY ?? 1);
const workers = Math.min(total, Number(process.env.WORKERS ?? availableParallelism()));
for (let i = 0; i < workers; i++) {
  const share = Math.floor(total / workers) + (i < total % workers ? 1 : 0);
  const worker = new Worker(bootstrap, { argv: [], env: { ...process.env, AWS_LAMBDA_MAX_CONCURRENCY: String(share) } });
  worker.on("error", (error) => {
    console.error(error);
    process.exit(1);
  });
}
