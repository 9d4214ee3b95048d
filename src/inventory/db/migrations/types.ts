/**
 * Column types per dialect, for migrations written once for both engines. SQLite gets plain `text`
 * (a declared `date` or `uuid` would get NUMERIC affinity there), PostgreSQL its native types.
 */
import type { ColumnDataType } from 'kysely';
import type { DialectName } from '../connect';

export interface ColumnTypes {
  uuid: ColumnDataType;
  timestamp: ColumnDataType;
  date: ColumnDataType;
  json: ColumnDataType;
  serial: ColumnDataType;
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres'
    ? { uuid: 'uuid', timestamp: 'timestamptz', date: 'date', json: 'jsonb', serial: 'bigserial' }
    : { uuid: 'text', timestamp: 'text', date: 'text', json: 'text', serial: 'integer' };
}
