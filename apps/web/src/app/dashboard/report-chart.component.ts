import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { ChartConfiguration, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

/** One line of a chart, and one column of its table. */
export interface ChartSeries {
  label: string;
  data: number[];
  /** A CSS custom property of the theme for its colour, e.g. `--mat-sys-primary`. */
  colorToken: string;
  /** Fill the area under the line. */
  fill?: boolean;
  /** A dashed line, told apart from the others without its colour. */
  dashed?: boolean;
}

let nextId = 0;

/** `rgb(r, g, b)` at 20 % opacity, for the area under a line. */
function translucent(rgb: string): string {
  const [r, g, b] = rgb.match(/[\d.]+/g) ?? ['63', '81', '181'];
  return `rgba(${r}, ${g}, ${b}, 0.2)`;
}

/**
 * A line chart (Chart.js through ng2-charts) with its data as a table, for screen readers and
 * anyone who prefers numbers: the table is always in the page (visually hidden until "Show data
 * table" shows it), and the canvas is an image described by the caption.
 */
@Component({
  selector: 'hd-report-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, MatButton],
  template: `
    <figure class="chart" [attr.aria-labelledby]="captionId">
      <figcaption [id]="captionId" class="caption">
        <span class="title">{{ caption() }}</span>
        <button
          mat-button
          type="button"
          [attr.aria-expanded]="showTable()"
          [attr.aria-controls]="tableId"
          (click)="toggleTable()"
        >
          {{ showTable() ? 'Hide data table' : 'Show data table' }}
        </button>
      </figcaption>
      <div class="canvas-box" [class.hidden]="showTable()">
        <canvas
          baseChart
          type="line"
          role="img"
          [attr.aria-label]="caption() + ': chart; its data is in the table that follows'"
          [data]="data()"
          [options]="options"
        ></canvas>
      </div>
      <!-- Shown, it scrolls: focusable so that keyboard users can scroll it too. -->
      <div
        class="table-wrap"
        [class.visually-hidden]="!showTable()"
        [attr.tabindex]="showTable() ? 0 : null"
        [attr.role]="showTable() ? 'region' : null"
        [attr.aria-label]="showTable() ? caption() + ': data table' : null"
      >
        <table [id]="tableId" class="data-table">
          <caption>
            {{
              caption()
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ labelHeader() }}</th>
              @for (series of series(); track series.label) {
                <th scope="col">{{ series.label }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (label of labels(); track $index; let i = $index) {
              <tr>
                <th scope="row">{{ label }}</th>
                @for (series of series(); track series.label) {
                  <td>{{ series.data[i] }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    </figure>
  `,
  styles: `
    .chart {
      margin: 0;
    }

    .caption {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;

      .title {
        font: var(--mat-sys-title-medium);
      }
    }

    .canvas-box {
      position: relative;
      height: 260px;

      &.hidden {
        display: none;
      }
    }

    .table-wrap:not(.visually-hidden) {
      max-height: 320px;
      overflow: auto;
    }

    .data-table {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);

      caption {
        text-align: left;
        font: var(--mat-sys-label-large);
        padding: 4px 0;
      }

      th,
      td {
        padding: 4px 8px;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
        text-align: right;
      }

      th[scope='row'],
      thead th:first-child {
        text-align: left;
      }
    }
  `,
})
export class ReportChartComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** What the chart shows, e.g. "Created and resolved tickets". */
  public readonly caption = input.required<string>();
  /** The header of the first column of the table, e.g. "Day". */
  public readonly labelHeader = input('Period');
  /** The x axis: one label per point. */
  public readonly labels = input.required<string[]>();
  /** The lines, each with one value per label. */
  public readonly series = input.required<ChartSeries[]>();

  protected readonly captionId = `hd-report-chart-${++nextId}`;
  protected readonly tableId = `${this.captionId}-table`;
  protected readonly showTable = signal(false);
  protected readonly data = computed<ChartConfiguration<'line'>['data']>(() => ({
    labels: this.labels(),
    datasets: this.series().map((series) => {
      const color = this.themeColor(series.colorToken);
      return {
        label: series.label,
        data: series.data,
        borderColor: color,
        backgroundColor: series.fill ? translucent(color) : color,
        pointBackgroundColor: color,
        fill: series.fill ?? false,
        borderDash: series.dashed ? [6, 4] : [],
        pointStyle: series.dashed ? ('rectRot' as const) : ('circle' as const),
        tension: 0.25,
      };
    }),
  }));
  protected readonly options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    plugins: { legend: { position: 'bottom' } },
  };

  /** Shows the data table instead of the chart, or the chart again. */
  protected toggleTable(): void {
    this.showTable.update((shown) => !shown);
  }

  /**
   * The colour a theme token resolves to here, as `rgb()` (tokens may be `light-dark(...)`, which a
   * canvas cannot read): a probe element's computed colour. A fallback blue outside a themed page.
   */
  private themeColor(token: string): string {
    const probe = document.createElement('span');
    probe.style.color = `var(${token})`;
    this.host.nativeElement.appendChild(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return /^rgb/.test(color) ? color : 'rgb(63, 81, 181)';
  }
}
