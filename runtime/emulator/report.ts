// The platform's START/END/REPORT lines (PROTOCOL §5.1), which a runtime never prints itself.

export interface ReportFigures {
  requestId: string;
  durationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs: number | undefined;
  /** SnapStart: the restore this invoke waited for (REPORT then has no Init Duration). */
  restoreDurationMs?: number | undefined;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(f: ReportFigures): string {
  // Billing covers init too for custom runtimes, rounded up to the millisecond.
  const billed = Math.ceil(f.durationMs + (f.initDurationMs ?? 0));
  const init = f.initDurationMs === undefined ? "" : `\tInit Duration: ${f.initDurationMs.toFixed(2)} ms`;
  const restore = f.restoreDurationMs === undefined ? "" : `\tRestore Duration: ${f.restoreDurationMs.toFixed(2)} ms\tBilled Restore Duration: ${Math.ceil(f.restoreDurationMs)} ms`;
  return (
    `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
    `Memory Size: ${f.memorySizeMB} MB\tMax Memory Used: ${f.maxMemoryUsedMB} MB${init}${restore}\t`
  );
}
