/**
 * Edits of the workspace's own NHI Lens files that quick fixes make: disable a rule in
 * `.nhi-lens.yaml`, add findings to the baseline. The YAML edit goes through the `yaml` Document
 * API so comments and formatting elsewhere in the file stay as they were.
 */
import { Document, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { Baseline } from '../findings/baseline';
import type { Finding } from '../types';
import { parseConfig } from './load';

/**
 * `.nhi-lens.yaml` text with `ruleId` in `disabledRules` (created when missing). Returns the text
 * unchanged when the rule is already disabled; throws ConfigError when the current file is invalid,
 * so a broken file is never rewritten.
 */
export function disableRuleInConfig(text: string | undefined, ruleId: string, file = '.nhi-lens.yaml'): string {
  const current = text ?? '';
  const config = parseConfig(current, file);
  if (config.disabledRules.includes(ruleId)) return current;
  if (current.trim() === '') return new Document({ disabledRules: [ruleId] }).toString();
  const doc = parseDocument(current);
  const list = doc.get('disabledRules', true);
  if (isSeq(list)) {
    list.add(doc.createNode(ruleId));
  } else {
    const seq = new YAMLSeq();
    seq.add(doc.createNode(ruleId));
    doc.set('disabledRules', seq);
  }
  return doc.toString({ lineWidth: 0 });
}

/** Baseline JSON text with `findings` added (deduplicated by rule and fingerprint), or a new baseline. */
export function addToBaseline(text: string | undefined, findings: readonly Finding[]): string {
  const existing = text?.trim() ? Baseline.parse(text, 'baseline') : new Baseline({ version: 1, findings: [] });
  const entries = [...existing.file.findings];
  const keys = new Set(entries.map((e) => `${e.ruleId}:${e.fingerprint}`));
  for (const f of findings) {
    const key = `${f.ruleId}:${f.fingerprint}`;
    if (keys.has(key)) continue;
    keys.add(key);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.range.startLine + 1 });
  }
  return new Baseline({ version: 1, findings: entries }).toJSON();
}

/** `.nhi-lens.yaml` text whose `baseline` names `file` (created or replaced), comments kept. */
export function setBaselineInConfig(text: string | undefined, file: string, configFile = '.nhi-lens.yaml'): string {
  const current = text ?? '';
  const config = parseConfig(current, configFile);
  if (config.baseline === file) return current;
  if (current.trim() === '') return new Document({ baseline: file }).toString();
  const doc = parseDocument(current);
  doc.set('baseline', file);
  return doc.toString({ lineWidth: 0 });
}
