/** The study report: every design on the sample data as one self-contained HTML page with figures and tables. */
export { buildStudyReport, runStudyDesigns, type StudyReportOptions, type StudyReportResult, type StudyReportSection } from './study-report.js';
export { formatDesignCell, designTableText, designTableCsvColumns, designTableHtml, prefixSvgIds, escapeHtml as escapeReportHtml, REPORT_MISSING_MARK } from './format.js';
