/** The study report: every design on the sample data as one self-contained HTML page with figures and tables. */
export { buildStudyReport, runStudyDesigns, layoutReport, apaTableHtml, type StudyReportOptions, type StudyReportResult, type StudyReportSection, type ReportLayout, type ReportSectionLayout } from './study-report.js';
export { apaTables, headerMarkup, symbolMarkup, localizeNumber, reportCell, codeText, markupHtml, markupText, markupRuns, type ApaTable, type ReportLocale } from './apa-tables.js';
export { resultsParagraph, methodsParagraph, tableTitle, tableNote, type SectionRefs } from './prose.js';
export { reportDocx, tableDocx } from './docx.js';
export { printPdf, findChromium } from './pdf.js';
export { formatDesignCell, designTableText, designTableCsvColumns, designTableHtml, prefixSvgIds, escapeHtml as escapeReportHtml, REPORT_MISSING_MARK } from './format.js';
