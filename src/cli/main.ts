import { run } from './run';

const tty = process.stderr.isTTY;
let lastLen = 0;
const progress = tty
  ? (line: string) => {
      const text = line.slice(0, (process.stderr.columns ?? 80) - 1);
      process.stderr.write(`\r${text}${' '.repeat(Math.max(0, lastLen - text.length))}`);
      lastLen = text.length;
    }
  : undefined;

run(process.argv.slice(2), { progress }).then((r) => {
  if (tty && lastLen) process.stderr.write(`\r${' '.repeat(lastLen)}\r`);
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.exitCode;
});
