import Ajv from 'ajv-draft-04';
import * as fs from 'node:fs';

/** Validates against the published SARIF 2.1.0 schema (draft-04), shipped in @microsoft/jest-sarif. */
export function validateSarif(log: unknown): string[] {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid with the u flag;
  const validate = ajv.compile(schema);
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
