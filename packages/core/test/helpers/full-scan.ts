// The scan without the prefilter or the fast reader: every document through `yaml`, every object to the rules.
import {
  parseManifests,
  scanFiles,
  scanObjects,
  summarize,
  type FileInput,
  type InputError,
  type ManifestObject,
  type ScanOptions,
  type ScanResult,
  type SkippedFile,
} from '../../src/index.js';

/** What `scanFiles` did before documents were prefiltered: the reference it must equal. */
export function fullScan(files: readonly FileInput[], options: ScanOptions = {}): ScanResult {
  const objects: ManifestObject[] = [];
  const errors: InputError[] = [];
  const skipped: SkippedFile[] = [];
  for (const f of files) {
    const p = parseManifests(f.text, f.file);
    objects.push(...p.objects);
    errors.push(...p.errors);
    if (p.skipped) skipped.push(p.skipped);
  }
  const { findings, suppressed } = scanObjects(objects, options);
  return {
    findings,
    suppressed,
    objects,
    errors,
    skipped,
    summary: summarize(objects.length, findings, suppressed),
  };
}

/** A scan result as plain data, every object's value, identity and place included. */
export function comparable(result: ScanResult): unknown {
  return {
    findings: result.findings,
    suppressed: result.suppressed,
    errors: result.errors,
    skipped: result.skipped,
    summary: result.summary,
    objects: result.objects.map((o) => ({
      ref: o.ref,
      value: o.value,
      origin: o.origin,
      file: o.source?.file.file,
      documentIndex: o.source?.documentIndex,
    })),
  };
}

/** Both scans of the same files, as plain data. */
export function bothScans(
  files: readonly FileInput[],
  options: ScanOptions = {},
): { prefiltered: unknown; full: unknown } {
  return {
    prefiltered: comparable(scanFiles(files, options)),
    full: comparable(fullScan(files, options)),
  };
}
