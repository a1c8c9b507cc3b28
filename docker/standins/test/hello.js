const fs = require('node:fs');
const read = (f) => { try { return fs.readFileSync(f, 'utf8').trim(); } catch { return null; } };
console.log(JSON.stringify({
  arch: process.arch,
  node: process.version,
  uid: process.getuid(),
  npmView: read('/app/npm-view.txt'),
  distroless: read('/app/distroless-ok'),
  taskRoot: process.env.LAMBDA_TASK_ROOT ?? null,
}));
