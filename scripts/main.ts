/**
 * `npm start`: runs every study-design analysis on the bundled synthetic sample data and writes the
 * study report to `out/` (report.html, figures/*.svg|png, tables/*.csv). One progress line per step on
 * stderr. Options: `--out DIR` (default out), `--lang en|nl` (default en), `--no-png`, `--private`
 * (exact individual values; every file name and title marked PRIVATE; default is the shared report),
 * `--pdf` (also print report.html to report.pdf with headless Chromium), `--no-docx`,
 * `--decimal-point` (Dutch report with a decimal point instead of the decimal comma).
 */
import { buildStudyReport, printPdf } from '../src/report/index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const lang = arg('--lang') ?? 'en';
if (lang !== 'en' && lang !== 'nl') {
  process.stderr.write(`npm start: --lang must be en or nl (got ${lang}).\n`);
  process.exit(2);
}
const started = Date.now();
buildStudyReport({ out: arg('--out') ?? 'out', lang, png: !process.argv.includes('--no-png'), disclosure: process.argv.includes('--private') ? 'private' : 'share', docx: !process.argv.includes('--no-docx'), ...(process.argv.includes('--decimal-point') ? { decimalComma: false } : {}) }).then(
  async (r) => {
    if (process.argv.includes('--pdf')) process.stderr.write(`PDF written: ${await printPdf(r.html)}\n`);
    process.stderr.write(`study report written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.html}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
