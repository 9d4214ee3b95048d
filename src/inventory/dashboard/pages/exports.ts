/// <reference lib="dom" />
/** Exports: the CSV of every identity (or of a filter, from the table) and the Backstage catalog YAML. */
import { fill, h } from '../dom';
import { csvUrl, filterFrom } from './identities';

export function renderExports(main: HTMLElement): void {
  const all = csvUrl(filterFrom(new URLSearchParams()));
  fill(
    main,
    h('h1', {}, 'Exports'),
    h(
      'ul',
      { class: 'exports' },
      h('li', {}, h('a', { href: all, download: '', class: 'button' }, 'All identities as CSV'), ' — the identities table exports its current filter too.'),
      h('li', {}, h('a', { href: '/v1/export/backstage', download: 'catalog-info.yaml', class: 'button' }, 'Backstage catalog YAML'), ' — every identity as a Resource entity with its owner.'),
    ),
  );
}
