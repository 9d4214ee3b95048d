import type { ReportInput } from './model';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown', 'html'];

export function render(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case 'text': return renderText(input);
    case 'json': return renderJson(input);
    case 'sarif': return renderSarif(input);
    case 'markdown': return renderMarkdown(input);
    case 'html': return renderHtml(input);
  }
}
export type { ReportInput } from './model';
