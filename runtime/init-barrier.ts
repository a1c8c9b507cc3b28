// Work that must finish before the runtime asks for its first invoke: an internal extension's
// registration (Lambda closes registration once the runtime is initialised).
const pending: Promise<unknown>[] = [];

export function delayFirstInvoke(work: Promise<unknown>): void {
  pending.push(work.catch(() => {}));
}

export async function initBarrier(): Promise<void> {
  while (pending.length > 0) await Promise.all(pending.splice(0));
}
