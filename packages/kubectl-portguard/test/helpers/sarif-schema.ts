// Validates a SARIF log against the official SARIF 2.1.0 JSON schema (shipped by @microsoft/jest-sarif).
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
// The OASIS 2.1.0 schema in its final (rtm.5) draft-04 form, as GitHub code scanning uses it.
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// unicodeRegExp: false because the schema's `language` pattern has a stray `]` that is only
// legal in a non-Unicode regular expression, as the schema's authors' validators compile it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints as `path: message` lines; empty when the log is valid SARIF 2.1.0. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}
