// Counts portguard's findings among VS Code's diagnostics: the status bar and the scan toast say the same number.

/** The part of a vscode.Diagnostic the count reads (kept free of `vscode` for unit tests). */
export interface CountedDiagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: unknown };
}

/** The `code` of diagnostics about `.portguard.yaml` (config-diagnostics.ts): not exposures. */
const CONFIG_CODE = 'config';

function codeOf(d: CountedDiagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}

/** True for a finding of a rule: a portguard diagnostic that is not about the config file. */
export function isFinding(d: CountedDiagnostic): boolean {
  return d.source === 'portguard' && codeOf(d) !== undefined && codeOf(d) !== CONFIG_CODE;
}

/** Findings, and the files holding them, over every uri's diagnostics. */
export function countFindings(all: Iterable<readonly [unknown, readonly CountedDiagnostic[]]>): {
  findings: number;
  files: number;
} {
  let findings = 0;
  let files = 0;
  for (const [, diagnostics] of all) {
    const n = diagnostics.filter(isFinding).length;
    findings += n;
    if (n > 0) files++;
  }
  return { findings, files };
}

/** `1 exposure`, `3 exposures`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
