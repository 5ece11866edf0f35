import { useState } from 'preact/hooks';
import type { ReportsApi } from '../../api/reports-api.js';
import type { ReportQuery } from '../../api/report-types.js';
import { reasonOf } from '../../components/status.js';

/** `threadline-report-2026-11-08-to-2026-12-07[-chat].csv` */
export function csvFileName(query: ReportQuery): string {
  return `threadline-report-${query.from}-to-${query.to}${query.channel ? `-${query.channel}` : ''}.csv`;
}

/**
 * Downloads the report as CSV. The export needs the API key, which a plain link cannot send, so the
 * file is fetched and handed to the browser as a download.
 */
export function CsvExport({ reports, query }: { reports: ReportsApi; query: ReportQuery }) {
  const [state, setState] = useState<{ isBusy: boolean; problem: string | null }>({ isBusy: false, problem: null });
  const download = async () => {
    setState({ isBusy: true, problem: null });
    try {
      const blob = await reports.csv(query);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = csvFileName(query);
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setState({ isBusy: false, problem: null });
    } catch (error) {
      setState({ isBusy: false, problem: `The CSV could not be exported: ${reasonOf(error)}` });
    }
  };
  return (
    <div class="csv-export">
      <button type="button" class="btn" onClick={download} disabled={state.isBusy}>
        {state.isBusy ? 'Exporting…' : 'Export CSV'}
      </button>
      {state.problem ? (
        <p class="field-problem" role="alert">
          {state.problem}
        </p>
      ) : null}
    </div>
  );
}
