// Raw-socket HTTP clients for fault tests: requests that stop mid-body, and connections that
// never finish their headers.
import { connect, type Socket } from "node:net";

/** host:port of an http://host:port URL. */
function endpoint(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

/**
 * Sends a POST that announces more body than it sends (Content-Length), or a chunked body that
 * breaks off, then drops the connection. Resolves once the socket is closed.
 */
export function abortMidBody(url: string, framing: "content-length" | "chunked"): Promise<void> {
  const { host, port } = endpoint(url);
  const { pathname } = new URL(url);
  const head = `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\n`;
  const partial =
    framing === "content-length"
      ? `${head}Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"partial":`
      : `${head}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n{"partial":\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => {
      socket.write(partial, () => setTimeout(() => socket.destroy(), 50));
    });
    socket.on("error", reject);
    socket.on("close", () => resolve());
  });
}

/** Opens a connection that sends a request line and one header, then nothing more. */
export function slowHeaders(url: string): Promise<Socket> {
  const { host, port } = endpoint(url);
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => {
      socket.write(`POST /2015-03-31/functions/function/invocations HTTP/1.1\r\nHost: ${host}\r\n`);
      resolve(socket);
    });
    socket.on("error", reject);
  });
}

/** Resolves when the other side closes the socket. */
export function closedByPeer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.on("close", () => resolve());
    socket.on("end", () => resolve());
    socket.resume();
  });
}
