/**
 * Comment syntax per file type, for suppression comments written in each language's own way
 * (`#` for YAML, shell and Python; `//` for C-family; `<!-- -->` for XML and Markdown…).
 * JSON has none: suppress it through the baseline or an ignore glob instead.
 */
import { languageOf, type Language } from '../syntax/language';

export interface CommentSyntax {
  line?: string;
  block?: [string, string];
}

const BY_LANGUAGE: Partial<Record<Language, CommentSyntax | null>> = {
  javascript: { line: '//', block: ['/*', '*/'] }, go: { line: '//', block: ['/*', '*/'] }, java: { line: '//', block: ['/*', '*/'] },
  csharp: { line: '//', block: ['/*', '*/'] }, rust: { line: '//', block: ['/*', '*/'] }, kotlin: { line: '//', block: ['/*', '*/'] },
  swift: { line: '//', block: ['/*', '*/'] }, c: { line: '//', block: ['/*', '*/'] }, groovy: { line: '//', block: ['/*', '*/'] },
  php: { line: '//', block: ['/*', '*/'] }, hcl: { line: '#', block: ['/*', '*/'] },
  python: { line: '#' }, ruby: { line: '#' }, shell: { line: '#' }, powershell: { line: '#' }, dockerfile: { line: '#' },
  makefile: { line: '#' }, dotenv: { line: '#' }, yaml: { line: '#' }, toml: { line: '#' }, ini: { line: ';' }, properties: { line: '#' },
  npmrc: { line: ';' }, netrc: { line: '#' }, gitcredentials: null, notebook: null, json: null,
  sql: { line: '--', block: ['/*', '*/'] }, xml: { block: ['<!--', '-->'] }, html: { block: ['<!--', '-->'] }, markdown: { block: ['<!--', '-->'] },
  text: { line: '#' },
};

/** The comment syntax of a file, or null when the format has no comments. */
export function commentSyntaxFor(path: string): CommentSyntax | null {
  const syntax = BY_LANGUAGE[languageOf(path)];
  return syntax === undefined ? { line: '#' } : syntax;
}
