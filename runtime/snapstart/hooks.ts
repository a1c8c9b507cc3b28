// SnapStart runtime hooks (onBeforeSnapshot, onAfterRestore): registered by function code during
// init, run by the runtime around the snapshot. Order follows AWS's managed runtimes: before-
// snapshot hooks in reverse order of registration, after-restore hooks in registration order.

/** A hook may be async; the runtime waits for it before going on. */
export type SnapStartHook = () => void | Promise<void>;

const beforeSnapshot: SnapStartHook[] = [];
const afterRestore: SnapStartHook[] = [];

/**
 * Runs `hook` just before Lambda takes the snapshot (SnapStart only): release what must not be
 * frozen into the snapshot (open connections, temporary files). A hook that throws fails init.
 */
export function onBeforeSnapshot(hook: SnapStartHook): void {
  beforeSnapshot.push(hook);
}

/**
 * Runs `hook` once the environment is restored from the snapshot, before the first invoke
 * (SnapStart only): re-seed what must be unique per environment (random seeds, ids, credentials,
 * timestamps). A hook that throws fails the restore; the caller gets SnapStartException.
 */
export function onAfterRestore(hook: SnapStartHook): void {
  afterRestore.push(hook);
}

export async function runBeforeSnapshotHooks(): Promise<void> {
  for (const hook of [...beforeSnapshot].reverse()) await hook();
}

export async function runAfterRestoreHooks(): Promise<void> {
  for (const hook of [...afterRestore]) await hook();
}

/** Forgets every hook (tests only: hooks are per process). */
export function clearSnapStartHooks(): void {
  beforeSnapshot.length = 0;
  afterRestore.length = 0;
}
