// What a Runtime API or Extensions API route answers: a status and a JSON body. Its own module so
// the sandbox, the extension host and the telemetry hub can share it without importing each other.

export interface ApiAnswer {
  status: number;
  body: Record<string, string>;
}
