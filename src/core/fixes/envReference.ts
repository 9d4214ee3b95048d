/**
 * "Replace with an environment variable": the literal becomes the file's own way to read the
 * environment (`process.env.NAME`, `os.environ["NAME"]`, `os.Getenv("NAME")`…), adding an import
 * where the language needs one. The name defaults to the key the literal was assigned to.
 */
import { envName } from '../ci/literalFix';
import { languageOf, type Language } from '../syntax/language';
import type { Finding, Fix, TextEdit } from '../types';

/** Expression reading `name`, and whether it replaces the quotes around the literal. */
const EXPRESSIONS: Partial<Record<Language, (name: string) => string>> = {
  javascript: (n) => `process.env.${n}`,
  python: (n) => `os.environ["${n}"]`,
  go: (n) => `os.Getenv("${n}")`,
  java: (n) => `System.getenv("${n}")`,
  kotlin: (n) => `System.getenv("${n}")`,
  csharp: (n) => `Environment.GetEnvironmentVariable("${n}")`,
  ruby: (n) => `ENV["${n}"]`,
  php: (n) => `getenv('${n}')`,
  groovy: (n) => `System.getenv("${n}")`,
};
/** Languages that interpolate `${NAME}` inside the value itself. */
const INTERPOLATING = new Set<Language>(['shell', 'makefile', 'dockerfile', 'yaml', 'properties', 'text']);

/** The key the literal is assigned to on its line, if any: `dbPassword = "…"`, `DB_PASSWORD: …`. */
export function assignedName(line: string, column: number): string | undefined {
  const m = /([A-Za-z_][\w.-]*)["'\]]?\s*(?::=|=>|=|:)\s*(?:[rbuf@]{0,2}["'`])?$/.exec(line.slice(0, column));
  return m?.[1];
}

function linesOf(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, ''));
}

function insertLine(at: number, content: string, nl: string): TextEdit {
  return { range: { startLine: at, startColumn: 0, endLine: at, endColumn: 0 }, newText: content + nl };
}

/** `import os` for Python, `"os"` in Go's import block; undefined when present or not placeable. */
function importEdit(lang: Language, lines: string[], nl: string): TextEdit | undefined | null {
  if (lang === 'python') {
    if (lines.some((l) => /^\s*import\s+os\b|^\s*from\s+os\s+import\b/.test(l))) return undefined;
    let at = lines.findIndex((l) => /^(?:import|from)\s+\w/.test(l));
    if (at === -1) {
      at = 0;
      while (at < lines.length && (/^#!|^#.*coding[:=]/.test(lines[at]) || lines[at].trim() === '')) at++;
    }
    return insertLine(at, 'import os', nl);
  }
  if (lang === 'go') {
    if (lines.some((l) => /^\s*(?:import\s+)?"os"\s*$/.test(l))) return undefined;
    const block = lines.findIndex((l) => /^import\s*\($/.test(l));
    if (block !== -1) return insertLine(block + 1, '\t"os"', nl);
    const pkg = lines.findIndex((l) => /^package\s+\w+/.test(l));
    return pkg === -1 ? null : insertLine(pkg + 1, `${nl}import "os"`, nl);
  }
  return undefined;
}

export function envReferenceFix(text: string, finding: Finding, name?: string): Fix | undefined {
  const lang = languageOf(finding.path);
  if (finding.range.startLine !== finding.range.endLine) return undefined;
  const lines = linesOf(text);
  const line = lines[finding.range.startLine] ?? '';
  const { startColumn: s, endColumn: e } = finding.range;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const varName = name ?? envName(assignedName(line, s) ?? finding.kind);
  const at = (from: number, to: number) => ({ startLine: finding.range.startLine, startColumn: from, endLine: finding.range.startLine, endColumn: to });
  if (lang === 'dotenv') {
    return { title: `Leave ${varName} empty here; set it in the environment (and list it in .env.example)`, edits: [{ range: at(s, e), newText: '' }], placeholders: [varName] };
  }
  if (INTERPOLATING.has(lang)) {
    return { title: `Replace the literal with \${${varName}}`, edits: [{ range: at(s, e), newText: `\${${varName}}` }], placeholders: [varName] };
  }
  const expr = EXPRESSIONS[lang];
  if (!expr) return undefined;
  // Only a literal that is a whole string can become an expression.
  const q = line[s - 1];
  if (!(q === '"' || q === "'" || q === '`') || line[e] !== q) return undefined;
  let from = s - 1;
  if (lang === 'python' && /[rbuf]/i.test(line[from - 1] ?? '') && !/\w/.test(line[from - 2] ?? '')) from--; // r"…", b"…"
  if (lang === 'csharp' && line[from - 1] === '@') from--; // @"…"
  const edits: TextEdit[] = [{ range: at(from, e + 1), newText: expr(varName) }];
  const imp = importEdit(lang, lines, nl);
  if (imp === null) return undefined;
  if (imp) edits.push(imp);
  return { title: `Replace the literal with ${expr(varName)}`, edits, placeholders: [varName] };
}
