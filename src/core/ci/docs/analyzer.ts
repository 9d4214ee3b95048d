/**
 * Documentation that tells people to use a machine identity (OWASP NHI10, Human Use of NHI): "log in
 * as the deploy bot", "use the CI bot's token locally". Automation identities used by humans lose
 * their audit trail and can no longer be rotated without breaking people.
 */
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate, CiRuleMeta } from '../types';

export const DOCS_HUMAN_USE_OF_BOT: CiRuleMeta = {
  id: 'docs-human-use-of-bot-credential', kind: 'human-use-of-machine-identity', provider: 'Documentation', severity: 'medium', owasp: 'NHI10',
  title: 'Instructions for people to use a machine identity’s credentials',
  remediation: 'Give people their own (SSO) accounts with the access they need, keep bot and service-account credentials for automation only, and rotate any that people have used.',
};

const DOC = /\.(?:md|markdown|rst|adoc|asciidoc|txt|wiki)$/i;
const MACHINE = String.raw`(?:bot|robot|service[- ]account|machine[- ]user|ci[- ](?:user|account|bot)|build[- ](?:user|account)|deploy(?:ment)?[- ](?:user|account|bot)|automation[- ](?:user|account)|shared[- ](?:user|account))`;
const CREDENTIAL = String.raw`(?:token|password|passphrase|credentials?|api[- ]?key|ssh[- ]key|key|pat|login)`;
/** A person is told to act as, or with the credential of, a machine identity. */
const HUMAN_USE: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:log ?in|sign ?in|authenticate|ssh|connect)\b.{0,60}?\b(?:as|with|using)\b.{0,30}?\b(?:the|our|a|this)?\s*${MACHINE}`, 'i'),
  new RegExp(String.raw`\b(?:use|copy|export|paste|grab|borrow|ask (?:\w+ )?for)\b.{0,30}?\b(?:the|our|a)?\s*${MACHINE}(?:'s|s')?\s+(?:user\s+|account\s+)?${CREDENTIAL}\b`, 'i'),
];
/** Sentences about configuring automation, not about people. */
const AUTOMATION_CONTEXT = /\b(?:workflow|pipeline|ci\/cd variable|repository secret|secrets?\.|github actions|gitlab ci|jenkins(?:file)?|cron|scheduled|the job|the action)\b/i;
/** Sentences about such instructions (security tools' own docs), not instructions themselves. */
const META_CONTEXT = /\b(?:instructions?|tells?|detect(?:s|ed|ion)?|flag(?:s|ged)?|reports?|rules?|findings?|warns?|anti-?pattern|never|don[’']?t|do not|avoid)\b/i;

const MACHINE_ANYWHERE = new RegExp(MACHINE, 'gi');


export const analyzer: CiAnalyzer = {
  platform: 'docs',
  name: 'Documentation',
  yaml: false,
  rules: [DOCS_HUMAN_USE_OF_BOT],
  matches: (path) => DOC.test(path),
  analyze(input: CiInput) {
    const out: CiCandidate[] = [];
    // Only lines that name a machine identity are read (one native pass finds them).
    const src = input.text;
    const seen = new Set<number>();
    let counted = 0; // line numbers are counted forward as hits move down the text
    let line = 0;
    for (const hit of src.matchAll(MACHINE_ANYWHERE)) {
      const start = src.lastIndexOf('\n', hit.index! - 1) + 1;
      if (seen.has(start)) continue;
      seen.add(start);
      const end = src.indexOf('\n', start);
      const text = src.slice(start, end === -1 ? src.length : end).replace(/\r$/, '');
      for (let i = src.indexOf('\n', counted); i !== -1 && i < start; i = src.indexOf('\n', i + 1)) {
        line++;
        counted = i + 1;
      }
      if (text.length > 1000 || AUTOMATION_CONTEXT.test(text) || META_CONTEXT.test(text)) continue;
      for (const re of HUMAN_USE) {
        const m = re.exec(text);
        if (!m) continue;
        out.push({
          meta: DOCS_HUMAN_USE_OF_BOT,
          range: { startLine: line, startColumn: m.index, endLine: line, endColumn: m.index + m[0].length },
          confidence: 'medium',
          fingerprintSource: `${input.path}:${m[0].toLowerCase()}`,
        });
        break;
      }
    }
    return { candidates: out, uses: [] };
  },
};
