// The floor: the least a Node.js custom runtime can do. One kept-alive node:http socket, GET
// /next, POST the event's bytes back as the response. No context, no logging, no errors.
// One file on purpose, sharing nothing with minimal-pollers.mjs: an import would add a module load to the floor it measures.
const http = process.getBuiltinModule("node:http");
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const base = "/2018-06-01/runtime/invocation/";

function call(method, path, body) {
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

for (;;) {
  const next = await call("GET", `${base}next`);
  await call("POST", `${base}${next.headers["lambda-runtime-aws-request-id"]}/response`, next.body);
}
