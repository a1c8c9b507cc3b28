// The floor for Managed Instances: the least a Node.js runtime can do with N pollers. Each has its
// own kept-alive node:http socket, GETs /next, waits as the concurrent demo does (100 ms), and
// POSTs the event's bytes back. No context, no async context, no logging, no errors.
//   node bench/minimal-pollers.mjs   (AWS_LAMBDA_MAX_CONCURRENCY=N, DELAY_MS)
// One file on purpose, sharing nothing with minimal-loop.mjs: an import would add a module load to the floor it measures.
const http = process.getBuiltinModule("node:http");
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const pollers = Number(process.env.AWS_LAMBDA_MAX_CONCURRENCY ?? 1);
const delayMs = Number(process.env.DELAY_MS ?? 100);
const base = "/2018-06-01/runtime/invocation/";

function call(agent, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path, agent, headers: body ? { "content-length": body.length } : {} }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function poll() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (;;) {
    const next = await call(agent, "GET", `${base}next`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await call(agent, "POST", `${base}${next.headers["lambda-runtime-aws-request-id"]}/response`, next.body);
  }
}

await Promise.all(Array.from({ length: pollers }, poll));
