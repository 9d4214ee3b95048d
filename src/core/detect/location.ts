import type { Range } from '../types';

/** Maps string offsets to 0-based line/column. Built lazily: only files with findings pay for it. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - starts[lo] };
  }

  range(start: number, end: number): Range {
    const s = this.position(start);
    const e = this.position(end);
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  /** Text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    return this.text.slice(starts[line], end).replace(/\r$/, '');
  }

  offsetOf(line: number, column: number): number {
    return this.lineStarts()[line] + column;
  }
}
