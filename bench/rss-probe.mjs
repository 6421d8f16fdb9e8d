// Loaded with `node --import` into the measured process: reports its own peak RSS at exit.
process.on('exit', () => {
  process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n`);
});
