import { CdkDrag, CdkDragDrop, CdkDragHandle, CdkDropList, moveItemInArray } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { finalize, Observable } from 'rxjs';

import {
  CATEGORY_NAME_MAX_LENGTH,
  CATEGORY_SLUG_PATTERN,
  type CategoryResponse,
  type UpdateCategoryRequest,
} from '@hd/shared/domain';
import { CategoriesApiService, CategoriesStateService } from '@hd/web/data-access';
import { EmptyStateComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import { applyServerErrors } from '../../core/server-errors';

const notBlank = Validators.pattern(/\S/);

/** The validators of a category name. */
const NAME_VALIDATORS = [Validators.required, notBlank, Validators.maxLength(CATEGORY_NAME_MAX_LENGTH)];

/**
 * Ticket categories, for admins: the list in the order customers see it, reordered by drag and drop
 * (or the up and down buttons) with one `PATCH position` per move; add a category; rename one in
 * place; deactivate or reactivate one (there is no delete: tickets keep their category). Every
 * change updates the categories the other pages show.
 */
@Component({
  selector: 'hd-admin-categories',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    EmptyStateComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
  ],
  templateUrl: './admin-categories.component.html',
  styleUrl: './admin-categories.component.scss',
})
export class AdminCategoriesComponent implements OnInit {
  private readonly api = inject(CategoriesApiService);
  private readonly shared = inject(CategoriesStateService);
  private readonly feedback = inject(FeedbackService);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly nameMax = CATEGORY_NAME_MAX_LENGTH;
  protected readonly categories = signal<CategoryResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  /** True while a change is on its way (the list is then frozen). */
  protected readonly busy = signal(false);
  /** The category being renamed, or null. */
  protected readonly renaming = signal<number | null>(null);
  protected readonly renameForm = this.fb.group({ name: ['', NAME_VALIDATORS] });
  protected readonly addForm = this.fb.group({
    name: ['', NAME_VALIDATORS],
    slug: ['', Validators.pattern(CATEGORY_SLUG_PATTERN)],
  });

  /** Loads the categories. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the categories (again, after a failure). */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.api.list().subscribe({
      next: ({ items }) => {
        this.loading.set(false);
        this.show(items);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load the categories.');
      },
    });
  }

  /** Adds a category at the end; the server's objections show next to their fields. */
  protected addCategory(formDirective: FormGroupDirective): void {
    this.addForm.markAllAsTouched();
    if (this.addForm.invalid || this.busy()) return;
    const { name, slug } = this.addForm.getRawValue();
    this.busy.set(true);
    this.api
      .create({ name: name.trim(), ...(slug ? { slug } : {}) })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (category) => {
          this.show([...this.categories(), category]);
          formDirective.resetForm({ name: '', slug: '' });
          this.feedback.success(`Category “${category.name}” added.`);
        },
        error: (error: unknown) => {
          applyServerErrors(this.addForm, error);
          this.feedback.error(error, 'Could not add the category.');
        },
      });
  }

  /** Moves the dropped category to where it was dropped. */
  protected moveDropped(event: CdkDragDrop<CategoryResponse[]>): void {
    this.moveTo(event.previousIndex, event.currentIndex);
  }

  /** Moves a category one place up (-1) or down (+1): the keyboard's way to reorder. */
  protected moveByOne(index: number, delta: -1 | 1): void {
    this.moveTo(index, index + delta);
  }

  /** Opens the name of `category` for editing. */
  protected startRename(category: CategoryResponse): void {
    this.renameForm.reset({ name: category.name });
    this.renaming.set(category.id);
  }

  /** Closes the name editor without saving. */
  protected cancelRename(): void {
    this.renaming.set(null);
  }

  /** Saves the new name of `category`. */
  protected saveRename(category: CategoryResponse): void {
    this.renameForm.markAllAsTouched();
    if (this.renameForm.invalid) return;
    const name = this.renameForm.controls.name.value.trim();
    if (name === category.name) {
      this.cancelRename();
      return;
    }
    this.change(
      category,
      { name },
      `Renamed to “${name}”.`,
      () => this.cancelRename(),
      (error) => applyServerErrors(this.renameForm, error),
    );
  }

  /** Deactivates an active category (it can no longer be chosen for new tickets) or reactivates it. */
  protected toggleActive(category: CategoryResponse): void {
    this.change(
      category,
      { active: !category.active },
      category.active
        ? `“${category.name}” is deactivated: it can no longer be chosen for new tickets.`
        : `“${category.name}” can be chosen again.`,
    );
  }

  /** Moves the category at `from` to `to` at once, then saves its new position (put back on failure). */
  private moveTo(from: number, to: number): void {
    const before = this.categories();
    if (from === to || to < 0 || to >= before.length || this.busy()) return;
    const after = [...before];
    moveItemInArray(after, from, to);
    const moved = after[to];
    this.categories.set(after.map((category, position) => ({ ...category, position })));
    this.send(
      this.api.update(moved.id, { position: to }),
      () => this.show(this.categories()),
      () => this.categories.set(before),
      `“${moved.name}” moved to place ${to + 1}.`,
      'Could not move the category.',
    );
  }

  /** Sends a change of one category and puts the answer in the list; `after` runs on success, `failed` on an error. */
  private change(
    category: CategoryResponse,
    body: UpdateCategoryRequest,
    success: string,
    after: () => void = () => undefined,
    failed: (error: unknown) => void = () => undefined,
  ): void {
    if (this.busy()) return;
    this.send(
      this.api.update(category.id, body),
      (updated) => {
        this.show(this.categories().map((c) => (c.id === updated.id ? updated : c)));
        after();
      },
      failed,
      success,
      'Could not change the category.',
    );
  }

  /** Sends `request` while `busy`, then applies its answer and reports, or undoes and reports. */
  private send(
    request: Observable<CategoryResponse>,
    apply: (category: CategoryResponse) => void,
    undo: (error: unknown) => void,
    success: string,
    failure: string,
  ): void {
    this.busy.set(true);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (category) => {
        apply(category);
        this.feedback.success(success);
      },
      error: (error: unknown) => {
        undo(error);
        this.feedback.error(error, failure);
      },
    });
  }

  /** Shows `categories` by position and shares them with the other pages. */
  private show(categories: readonly CategoryResponse[]): void {
    this.shared.replace(categories);
    this.categories.set([...(this.shared.categories() ?? [])]);
  }
}
