// Preloaded into a benchmarked process (node -r): reports its peak RSS on exit.
process.on('exit', () => {
  const file = process.env.NHI_BENCH_RSS_FILE;
  if (file) require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
