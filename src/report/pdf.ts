/**
 * Printing the HTML report to PDF with headless Chromium (`npm start -- --pdf`): the page size, margins
 * and page breaks come from the report's print CSS (A4). Chromium is an external program (Debian
 * package `chromium`); without it the call throws a sentence saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The Chromium (or Chrome) executable: `$CHROMIUM`, else the first of the usual names found on PATH. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM && existsSync(process.env.CHROMIUM)) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/** Prints `html` (a file path) to `<same name>.pdf` and returns its path. */
export async function printPdf(html: string, pdf = html.replace(/\.html$/, '.pdf')): Promise<string> {
  const exe = findChromium();
  if (!exe) throw new Error('PDF output needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM to its path.');
  execFileSync(exe, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(html).href], { stdio: 'ignore', timeout: 120_000 });
  if (!existsSync(pdf)) throw new Error(`Chromium did not write ${pdf}.`);
  return pdf;
}
