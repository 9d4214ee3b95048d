/**
 * Printed around mocha's output in the extension host: the workbench's own console (connection,
 * gallery lookups…) arrives through the same channel, and the harness keeps what is between.
 */
export const MOCHA_BEGIN = '[nhi-lens in-host] mocha begin';
export const MOCHA_END = '[nhi-lens in-host] mocha end';
