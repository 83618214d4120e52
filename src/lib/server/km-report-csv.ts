/**
 * The KM report as a CSV file for Excel: UTF-8 with a byte-order mark (without it Excel reads
 * Thai as mojibake), a header row of Thai column names, CRLF line ends, dates in the Buddhist era.
 */
import { formatThaiDateInput } from '../thai-date.ts';
import { KM_REPORT_COLUMNS, type KmReport } from './km-report.ts';

const BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is defused for spreadsheets. */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function kmReportCsv(report: KmReport): string {
  const header = ['จังหวัด', 'ชุมชน', 'ตั้งแต่วันที่', 'ถึงวันที่', ...KM_REPORT_COLUMNS.map(([, label]) => label)];
  const row = [
    report.scope.province?.name ?? 'ทุกจังหวัด',
    report.scope.community?.name ?? 'ทุกชุมชน',
    formatThaiDateInput(report.scope.from),
    formatThaiDateInput(report.scope.to),
    ...KM_REPORT_COLUMNS.map(([key]) => report[key]),
  ];
  return BOM + [header, row].map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}

/** The download's file name: ASCII only, so every browser keeps it. */
export function kmReportFileName(report: KmReport): string {
  const parts = ['km-report', report.scope.province?.code, report.scope.community?.slug, report.scope.from, report.scope.to].filter(
    Boolean,
  );
  return `${parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-')}.csv`;
}
