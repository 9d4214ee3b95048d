import { z } from 'zod';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
const owasp = z.enum(['NHI1', 'NHI2', 'NHI3', 'NHI4', 'NHI5', 'NHI6', 'NHI7', 'NHI8', 'NHI9', 'NHI10']);
const ruleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case rule id');

export const customRuleSchema = z
  .object({
    id: ruleId,
    title: z.string().min(1),
    /** JavaScript regular expression; a named group `secret` marks the credential. */
    regex: z.string().min(1).refine((s) => {
      try {
        new RegExp(s, 'gd');
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid regular expression'),
    /** Literal lower-case substrings; the rule runs on lines containing one. */
    keywords: z.array(z.string().min(2).transform((s) => s.toLowerCase())).min(1),
    kind: z.string().min(1).optional(),
    severity: severity.default('high'),
    owasp: owasp.default('NHI2'),
    remediation: z.string().default('Move the secret to a secret manager and rotate it.'),
    minEntropy: z.number().min(0).max(8).optional(),
    caseInsensitive: z.boolean().default(false),
  })
  .strict();

export const configSchema = z
  .object({
    /** Globs (minimatch, relative to the workspace root) never scanned. */
    ignore: z.array(z.string().min(1)).default([]),
    /** Rule ids that never report. */
    disabledRules: z.array(ruleId).default([]),
    /** Per-rule severity overrides. */
    severity: z.record(ruleId, severity).default({}),
    /** Extra regex rules. */
    rules: z.array(customRuleSchema).default([]),
    /** Baseline file of known fingerprints, relative to the config file. */
    baseline: z.string().min(1).optional(),
    /** Files larger than this are skipped (kilobytes). */
    maxFileSizeKb: z.number().int().positive().max(1024 * 1024).default(2048),
    /** Extra globs whose findings get lower confidence (tests, fixtures). */
    testPaths: z.array(z.string().min(1)).default([]),
    /** Run the generic name/value rules. */
    generic: z.boolean().default(true),
    /** Honour .gitignore files. */
    gitignore: z.boolean().default(true),
    /** When one identity counts as a shared automation account. */
    sharedAccounts: z
      .object({
        /** Consumed by at least this many pipelines (files). */
        pipelines: z.number().int().min(2).default(2),
        /** Consumed by at least this many deployment environments. */
        environments: z.number().int().min(2).default(2),
      })
      .strict()
      .default({ pipelines: 2, environments: 2 }),
  })
  .strict();

export type NhiLensConfig = z.infer<typeof configSchema>;
export type CustomRuleConfig = z.infer<typeof customRuleSchema>;
