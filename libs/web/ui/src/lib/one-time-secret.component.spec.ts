import { Clipboard } from '@angular/cdk/clipboard';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatInputHarness } from '@angular/material/input/testing';

import { OneTimeSecretComponent } from './one-time-secret.component';

@Component({
  imports: [OneTimeSecretComponent],
  template: `<hd-one-time-secret
    label="Your new token"
    hint="Send it as a bearer token."
    [value]="value()"
    [autoFocus]="true"
    (copied)="copied.push($event)"
  />`,
})
class HostComponent {
  public readonly value = signal('hd_Zx81kQsecret');
  public readonly copied: boolean[] = [];
}

describe('OneTimeSecretComponent', () => {
  const copy = jest.fn<boolean, [string]>();

  beforeEach(() => {
    copy.mockReset();
    TestBed.configureTestingModule({
      providers: [
        { provide: Clipboard, useValue: { copy } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
  });

  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
  }

  it('shows the value once, read-only and focused, described by the warning', async () => {
    const { fixture, loader } = await render();
    const input = await loader.getHarness(MatInputHarness);
    expect(await input.getValue()).toBe('hd_Zx81kQsecret');
    expect(await input.isReadonly()).toBe(true);
    expect(await input.isFocused()).toBe(true);
    const element = fixture.nativeElement as HTMLElement;
    const warning = element.querySelector(
      `#${element.querySelector('input')?.getAttribute('aria-describedby')}`,
    );
    expect(warning?.textContent).toContain(
      'Copy it now: it will not be shown again. Send it as a bearer token.',
    );
  });

  it('copies the value with the Copy button and says whether it worked', async () => {
    const { fixture, loader } = await render();
    const status = () => (fixture.nativeElement as HTMLElement).querySelector('[role="status"]')?.textContent;
    copy.mockReturnValue(true);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Copy' }))).click();
    expect(copy).toHaveBeenCalledWith('hd_Zx81kQsecret');
    expect(status()).toBe('Copied to the clipboard.');

    copy.mockReturnValue(false);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Copy' }))).click();
    expect(status()).toBe('Could not copy: select the text and copy it.');
    expect(fixture.componentInstance.copied).toEqual([true, false]);
  });
});
