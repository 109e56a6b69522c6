// Peak-RSS fallback for bench/run.mjs when /usr/bin/time is absent: preloaded into every node
// process of a measured command (NODE_OPTIONS=--require), it appends that process's peak RSS in
// KB (process.resourceUsage().maxRSS, i.e. getrusage ru_maxrss) and its CPU time in µs to
// $BENCH_RSS_FILE on exit.
'use strict';
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      fs.appendFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
    } catch {
      // Never change the measured command's outcome.
    }
  });
}
