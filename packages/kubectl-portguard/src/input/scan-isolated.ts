// Scans files together, but keeps one file that breaks the engine from hiding all the others.
import { scanFiles, type FileInput, type ScanOptions, type ScanResult } from '@portguard/core';

/**
 * `scanFiles` over all files at once (port conflicts span files). Should it throw (a hostile
 * file that overflows the parser's stack, say), each file is tried alone; those that throw alone
 * become input errors naming the file, and the rest are scanned together as usual.
 */
export function scanFilesIsolated(files: readonly FileInput[], options: ScanOptions): ScanResult {
  try {
    return scanFiles(files, options);
  } catch {
    const good: FileInput[] = [];
    const bad: ScanResult['errors'] = [];
    for (const f of files) {
      try {
        scanFiles([f], options);
        good.push(f);
      } catch (e) {
        bad.push({ file: f.file, message: `cannot be scanned: ${reason(e)}` });
      }
    }
    const result = scanFiles(good, options);
    result.errors.push(...bad);
    return result;
  }
}

function reason(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'nested too deeply';
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
