/**
 * A baseline records fingerprints of findings that already exist, so a codebase can adopt the tool
 * and see only new findings. It holds fingerprints and metadata, never secret values.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../types';

const baselineSchema = z.object({
  version: z.literal(1),
  findings: z.array(
    z.object({
      fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
      ruleId: z.string(),
      path: z.string().optional(),
      line: z.number().int().optional(),
    }),
  ),
});
export type BaselineFile = z.infer<typeof baselineSchema>;

export class Baseline {
  private readonly keys: Set<string>;
  constructor(readonly file: BaselineFile) {
    this.keys = new Set(file.findings.map((f) => `${f.ruleId}:${f.fingerprint}`));
  }
  /** A finding is baselined when the same rule saw the same secret, wherever it now is. */
  has(f: Finding): boolean {
    return this.keys.has(`${f.ruleId}:${f.fingerprint}`);
  }
  static fromFindings(findings: Finding[]): Baseline {
    return new Baseline({
      version: 1,
      findings: findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.range.startLine + 1 })),
    });
  }
  static async load(path: string): Promise<Baseline> {
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (e) {
      throw new Error(`baseline ${path}: ${(e as Error).message}`);
    }
    return Baseline.parse(text, path);
  }
  /** Validates baseline JSON text; errors name the file and the field. */
  static parse(text: string, path: string): Baseline {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new Error(`baseline ${path}: ${(e as Error).message}`);
    }
    const parsed = baselineSchema.safeParse(data);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`baseline ${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    return new Baseline(parsed.data);
  }
  toJSON(): string {
    return JSON.stringify(this.file, null, 2) + '\n';
  }
}
