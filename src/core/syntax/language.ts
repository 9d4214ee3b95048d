/** Coarse syntax families, chosen from the file name; they decide how assignments and comments look. */
export type Language =
  | 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby' | 'php' | 'rust' | 'kotlin' | 'swift' | 'c'
  | 'shell' | 'powershell' | 'dockerfile' | 'makefile' | 'dotenv' | 'yaml' | 'json' | 'toml' | 'ini' | 'properties'
  | 'xml' | 'hcl' | 'npmrc' | 'netrc' | 'gitcredentials' | 'notebook' | 'groovy' | 'sql' | 'markdown' | 'html' | 'text';

const BY_EXTENSION: Record<string, Language> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'javascript', tsx: 'javascript', mts: 'javascript', cts: 'javascript', vue: 'javascript', svelte: 'javascript',
  py: 'python', pyw: 'python', pyi: 'python', pyx: 'python', go: 'go', java: 'java', scala: 'java', cs: 'csharp', vb: 'csharp', fs: 'csharp', rb: 'ruby', erb: 'ruby', php: 'php',
  rs: 'rust', kt: 'kotlin', kts: 'kotlin', swift: 'swift', c: 'c', h: 'c', cc: 'c', cpp: 'c', hpp: 'c', m: 'c', dart: 'java',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', fish: 'shell', ps1: 'powershell', psm1: 'powershell', bat: 'shell', cmd: 'shell',
  env: 'dotenv', yml: 'yaml', yaml: 'yaml', json: 'json', jsonc: 'json', json5: 'json', toml: 'toml',
  ini: 'ini', cfg: 'ini', conf: 'ini', cnf: 'ini', properties: 'properties', xml: 'xml', config: 'xml', csproj: 'xml', plist: 'xml', pom: 'xml',
  tf: 'hcl', tfvars: 'hcl', hcl: 'hcl', nomad: 'hcl', ipynb: 'notebook', groovy: 'groovy', gradle: 'groovy', jenkinsfile: 'groovy', sql: 'sql',
  md: 'markdown', markdown: 'markdown', rst: 'markdown', txt: 'text', html: 'html', htm: 'html',
};

export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? path : path.slice(i + 1);
}

export function languageOf(path: string): Language {
  const name = basename(path).toLowerCase();
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile') || name === 'containerfile') return 'dockerfile';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name === '.npmrc' || name === '.yarnrc') return 'npmrc';
  if (name === '.pypirc' || name === '.gitconfig' || name === '.editorconfig' || name === 'pip.conf') return 'ini';
  if (name === '.netrc' || name === '_netrc') return 'netrc';
  if (name === '.git-credentials') return 'gitcredentials';
  if (name === 'jenkinsfile' || name.startsWith('jenkinsfile.')) return 'groovy';
  if (name === 'makefile' || name === 'gnumakefile') return 'makefile';
  if (name === '.bashrc' || name === '.zshrc' || name === '.profile' || name === '.bash_profile') return 'shell';
  const dot = name.lastIndexOf('.');
  if (dot === -1) return 'text';
  return BY_EXTENSION[name.slice(dot + 1)] ?? 'text';
}

/** Languages whose values may be written without quotes (`KEY=value`, `key: value`). */
export function allowsBareValues(lang: Language): boolean {
  switch (lang) {
    case 'shell': case 'powershell': case 'dockerfile': case 'makefile': case 'dotenv': case 'yaml': case 'ini':
    case 'properties': case 'npmrc': case 'netrc': case 'text': case 'markdown':
      return true;
    default:
      return false;
  }
}

const TEST_DIR = /(^|[\\/])(tests?|__tests__|spec|specs|fixtures?|testdata|test-data|mocks?|__mocks__|examples?|samples?|e2e)([\\/])/i;
const TEST_FILE = /(\.|_|-)(test|spec|tests|fixture|mock|example|sample)\.[a-z0-9]+$|(^|[\\/])test_[^\\/]+\.py$|_test\.go$|\.(?:md|markdown|rst|adoc)$/i;

/** Test, fixture, example and documentation paths get lower confidence: they often hold fakes on purpose. */
export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'cargo.lock', 'go.sum', 'poetry.lock',
  'pipfile.lock', 'composer.lock', 'gemfile.lock', 'packages.lock.json', 'podfile.lock', 'mix.lock', 'pubspec.lock', 'flake.lock', 'uv.lock',
]);

/** Lockfiles are full of integrity hashes: generic rules skip them (provider rules still run). */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(basename(path).toLowerCase());
}
