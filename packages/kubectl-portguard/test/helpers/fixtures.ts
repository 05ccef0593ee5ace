// Paths of this package's test fixtures.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder the scan fixtures live in; tests run the CLI with it as cwd. */
export const SCAN_FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'scan',
);
