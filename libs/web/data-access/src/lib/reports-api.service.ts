import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';

import type {
  AgentReportRowResponse,
  ReportRangeQuery,
  ReportSummaryQuery,
  ReportSummaryResponse,
} from '@hd/shared/domain';

/** A report downloaded as a file: its contents and the name the API gave it. */
export interface DownloadedReport {
  blob: Blob;
  /** From `Content-Disposition`, e.g. `helpdesk-summary-2026-11-01-to-2026-11-30.csv`. */
  filename: string;
}

/** The file name of a `Content-Disposition: attachment; filename="..."` header, or `fallback`. */
export function attachmentName(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * `/api/reports`: the dashboard's figures (staff; agents get their own). `from` and `to` are ISO
 * 8601 dates (`2026-11-01`, both days included); errors: 400 `VALIDATION_FAILED` for a bad period
 * (to before from, more than 366 buckets), 403 for customers.
 */
@Injectable({ providedIn: 'root' })
export class ReportsApiService {
  private readonly http = inject(HttpClient);

  /** Per-bucket volumes and backlog, totals, response-time percentiles (minutes) and SLA shares. */
  public summary(query: ReportSummaryQuery): Observable<ReportSummaryResponse> {
    return this.http.get<ReportSummaryResponse>('/api/reports/summary', { params: this.params(query) });
  }

  /** One row per member of staff (an agent gets only their own). */
  public agents(query: ReportRangeQuery): Observable<AgentReportRowResponse[]> {
    const { from, to } = query;
    return this.http.get<AgentReportRowResponse[]>('/api/reports/agents', {
      params: this.params({ from, to }),
    });
  }

  /** The summary or the agents' report as a CSV file (RFC 4180). */
  public downloadCsv(report: 'summary' | 'agents', query: ReportSummaryQuery): Observable<DownloadedReport> {
    const params = this.params(
      report === 'summary' ? { ...query, format: 'csv' } : { from: query.from, to: query.to, format: 'csv' },
    );
    return this.http
      .get(`/api/reports/${report}`, { params, responseType: 'blob', observe: 'response' })
      .pipe(
        map((response: HttpResponse<Blob>) => ({
          blob: response.body ?? new Blob([], { type: 'text/csv' }),
          filename: attachmentName(response.headers.get('content-disposition'), `helpdesk-${report}.csv`),
        })),
      );
  }

  private params(query: Partial<ReportSummaryQuery>): HttpParams {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return params;
  }
}
