/**
 * Fix for a literal credential in Terraform: the attribute reads a sensitive input variable
 * (`password = var.db_password`), declared at the end of the file when it is not declared yet, so
 * the value comes from a `TF_VAR_…` environment variable or a secret store at plan time.
 */
import type { Finding, Fix, TextEdit } from '../../types';

export function terraformLiteralFix(text: string, finding: Finding): Fix | undefined {
  const { startLine, startColumn: s, endLine, endColumn: e } = finding.range;
  if (startLine !== endLine) return undefined;
  const line = text.split('\n')[startLine]?.replace(/\r$/, '') ?? '';
  // Only `name = "<literal>"`: the whole string is the secret.
  const m = /^(\s*)([A-Za-z_][\w-]*)\s*=\s*"$/.exec(line.slice(0, s));
  if (!m || line[e] !== '"') return undefined;
  const name = m[2].replace(/-/g, '_').toLowerCase();
  // `access_key` alone says little: prefix the provider (`aws_access_key`) when the finding names one.
  const provider = /^(?:generic|password|kubernetes|docker)/.test(finding.kind) ? '' : finding.kind.split('-')[0];
  const variable = provider && /^(?:access_key|secret_key|token|client_secret|api_key|key)$/.test(name) && !name.startsWith(provider) ? `${provider}_${name}` : name;
  const edits: TextEdit[] = [{ range: { startLine, startColumn: s - 1, endLine, endColumn: e + 1 }, newText: `var.${variable}` }];
  if (!new RegExp(`^\\s*variable\\s+"${variable}"`, 'm').test(text)) {
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split('\n');
    const last = text.endsWith('\n') ? lines.length - 1 : lines.length;
    const lead = text.endsWith('\n') || text.length === 0 ? nl : nl + nl;
    edits.push({
      range: { startLine: last, startColumn: 0, endLine: last, endColumn: 0 },
      newText: `${text.endsWith('\n') ? nl : lead}variable "${variable}" {${nl}  type      = string${nl}  sensitive = true${nl}}${nl}`,
    });
  }
  return { title: `Read it from a sensitive variable (var.${variable}, set through TF_VAR_${variable} or a secret store)`, edits, placeholders: [`TF_VAR_${variable}`] };
}
