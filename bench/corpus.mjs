// Generates a deterministic corpus of mixed source files (default 200 MB) under bench/corpus/.
// Realistic shapes: code with secret-ish identifiers read from the environment, configs, lockfile
// integrity lines, base64 blobs, docs; a few planted fake credentials (built here, never real).
import * as fs from 'node:fs';
import * as path from 'node:path';

let state = 0x12345678;
function rnd() {
  let t = (state = (state + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chars = (alpha, n) => Array.from({ length: n }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
const alnum = (n) => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
const hex = (n) => chars('0123456789abcdef', n);
// Vocabulary of ordinary code. Secret-ish lines come from `sensitive` below at a rate close to what
// real code shows (about 2,000 keyword hits per MB in this repository's node_modules).
const words = 'user account order invoice payment session request response handler service client config cache queue event message item product customer report metric value result index count total status error logger router store model view controller page layout widget schema table column field query filter task shadow private record batch stream buffer node tree parser builder'.split(' ');
const ident = () => pick(words) + pick(['', 'Id', 'Name', 'List', 'Map', 'Count', 'Service', 'Handler', 'Url', 'Type']);
const comment = () => pick([
  () => `${pick(words)} ${pick(words)} ${pick(words)}: keep the ${pick(words)} in sync with the ${pick(words)}`,
  () => `see https://github.com/acme/${pick(words)}/issues/${Math.floor(rnd() * 5000)}`,
  () => `TODO(${pick(words)}): handle the ${pick(words)} ${pick(words)} case`,
])();

const common = {
  js: [
    () => `  const ${ident()} = await ${ident()}.${pick(['get', 'find', 'load', 'fetch'])}(${ident()}, { limit: ${Math.floor(rnd() * 100)} });`,
    () => `  if (!${ident()}) throw new Error("${pick(words)} ${pick(words)} not found");`,
    () => `// ${comment()}`,
    () => `export function ${ident()}(${ident()}, ${ident()}) {`,
    () => `  return ${ident()}.map((x) => x.${ident()}).filter(Boolean);`,
    () => `  logger.info("${pick(words)} ${pick(words)}", { id: ${ident()}.id, count: ${Math.floor(rnd() * 1000)} });`,
    () => `}`,
    () => `import { ${ident()} } from "./${pick(words)}/${pick(words)}";`,
    () => `  private ${ident()}: ${pick(['string', 'number', 'boolean'])} = ${pick(['""', '0', 'false'])};`,
  ],
  py: [
    () => `    ${ident()} = self.${ident()}.get("${pick(words)}", None)`,
    () => `def ${pick(words)}_${pick(words)}(${pick(words)}, ${pick(words)}=None):`,
    () => `    # ${comment()}`,
    () => `    return [x for x in ${pick(words)}s if x.${pick(words)} > ${Math.floor(rnd() * 50)}]`,
    () => `from ${pick(words)}.${pick(words)} import ${ident()}`,
  ],
  go: [
    () => `\t${ident()}, err := ${ident()}.${pick(['Get', 'Find', 'Load'])}(ctx, ${ident()})`,
    () => `\tif err != nil {\n\t\treturn nil, fmt.Errorf("${pick(words)}: %w", err)\n\t}`,
    () => `\t// ${comment()}`,
    () => `func (s *${pick(words)}Service) ${pick(['Get', 'Put', 'Delete'])}${pick(words)}(ctx context.Context) error {`,
  ],
  yml: [
    () => `  ${pick(words)}: ${pick(words)}-${Math.floor(rnd() * 100)}`,
    () => `    image: registry.example.com/${pick(words)}:${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 9)}`,
    () => `  replicas: ${Math.floor(rnd() * 5)}`,
    () => `  # ${comment()}`,
  ],
  json: [
    () => `    "${pick(words)}": "${pick(words)} ${pick(words)}",`,
    () => `      "integrity": "sha512-${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 86)}==",`,
    () => `      "resolved": "https://registry.npmjs.org/${pick(words)}/-/${pick(words)}-1.${Math.floor(rnd() * 20)}.0.tgz",`,
    () => `    "${pick(words)}Count": ${Math.floor(rnd() * 10000)},`,
  ],
  md: [
    () => `${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)}, ${pick(words)} ${pick(words)}.`,
    () => `## ${pick(words)} ${pick(words)}`,
    () => `See [the ${pick(words)} guide](https://docs.example.com/${pick(words)}) for details.`,
  ],
};
// Lines that mention secrets the right way (references), which every scanner must read and let pass.
const sensitive = {
  js: [() => `  const token = req.headers.authorization?.split(" ")[1];`, () => `  const apiKey = process.env.${pick(words).toUpperCase()}_API_KEY;`, () => `  password: z.string().min(12),`],
  py: [() => `    password = os.environ.get("DB_PASSWORD")`, () => `    token_type = "bearer"`],
  go: [() => `\tsecret := os.Getenv("APP_SECRET")`],
  yml: [() => `  - name: ${pick(words).toUpperCase()}_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: ${pick(words)}\n        key: token`, () => `      API_TOKEN: \${{ secrets.API_TOKEN }}`],
  json: [() => `    "tokenEndpoint": "https://auth.example.com/oauth/token",`],
  md: [() => `Set \`API_TOKEN\` to your token before running \`make ${pick(words)}\`.`],
};
const lineMakers = Object.fromEntries(Object.keys(common).map((k) => [k, () => (rnd() < 0.03 ? pick(sensitive[k]) : pick(common[k]))()]));
const plantedLines = [
  () => `const stripeKey = "sk_live_${alnum(24)}";`,
  () => `GITHUB_TOKEN=ghp_${alnum(36)}`,
  () => `aws_access_key_id = AKIA${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  () => `    password: "${alnum(6)}!${alnum(6)}"`,
  () => `SLACK_WEBHOOK=https://hooks.slack.com/services/T${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/B${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${alnum(24)}`,
  () => `DATABASE_URL=postgres://app:${alnum(16)}@db.internal:5432/app`,
];
const exts = [['js', 'js'], ['ts', 'js'], ['py', 'py'], ['go', 'go'], ['yml', 'yml'], ['json', 'json'], ['md', 'md']];

export function generate(dir, targetBytes) {
  fs.rmSync(dir, { recursive: true, force: true });
  let total = 0;
  let files = 0;
  let planted = 0;
  while (total < targetBytes) {
    const [ext, kind] = pick(exts);
    const sub = path.join(dir, `pkg${files % 97}`, pick(words));
    fs.mkdirSync(sub, { recursive: true });
    const lines = [];
    let size = 0;
    const want = 2000 + Math.floor(rnd() * 60000);
    while (size < want) {
      const plant = rnd() < 0.0004;
      const l = plant ? pick(plantedLines)() : lineMakers[kind]();
      if (plant) planted++;
      lines.push(l);
      size += l.length + 1;
    }
    const text = lines.join('\n') + '\n';
    fs.writeFileSync(path.join(sub, `${pick(words)}_${files}.${ext}`), text);
    total += Buffer.byteLength(text);
    files++;
  }
  fs.writeFileSync(`${dir}.manifest.json`, JSON.stringify({ files, bytes: total, planted }) + '\n');
  return { files, bytes: total, planted };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mb = Number(process.argv[2] ?? 200);
  const dir = path.resolve(process.argv[3] ?? 'bench/corpus');
  console.log(generate(dir, mb * 1e6));
}
