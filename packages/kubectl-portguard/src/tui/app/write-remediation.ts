// `w`: writes a finding's remediation YAML next to the user and says where, or why it could not.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatusMessage } from '../footer/footer.js';
import type { Remediation } from '../remediation/remediation-types.js';

/** Never throws: every outcome becomes the footer's status message. */
export async function writeRemediation(
  remediation: Remediation,
  cwd: string,
): Promise<StatusMessage> {
  if (!remediation.available)
    return { text: `nothing to write: ${remediation.reason}`, tone: 'error' };
  const path = join(cwd, remediation.fileName);
  try {
    await writeFile(path, remediation.yaml, { encoding: 'utf8', mode: 0o644 });
    return { text: `wrote ./${remediation.fileName} (${remediation.title})`, tone: 'info' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { text: `could not write ${path}: ${code ?? (e as Error).message}`, tone: 'error' };
  }
}
