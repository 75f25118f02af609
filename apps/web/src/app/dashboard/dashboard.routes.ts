import { Routes } from '@angular/router';
import {
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { provideCharts } from 'ng2-charts';

import { Action } from '@hd/shared/domain';
import { permissionGuard } from '@hd/web/data-access';

/**
 * `/dashboard`: reports for staff (the permission table's `ViewReports`). Chart.js comes with this
 * lazy route only, registered with just the parts the line charts use.
 */
export const dashboardRoutes: Routes = [
  {
    path: '',
    title: 'Dashboard · Helpdesk',
    canActivate: [permissionGuard(Action.ViewReports)],
    providers: [
      provideCharts({
        registerables: [
          CategoryScale,
          Filler,
          Legend,
          LinearScale,
          LineController,
          LineElement,
          PointElement,
          Tooltip,
        ],
      }),
    ],
    loadComponent: () => import('./dashboard.component').then((m) => m.DashboardComponent),
  },
];
