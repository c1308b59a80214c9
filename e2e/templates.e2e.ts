// The template gallery as a user meets it: every network opens with the published parameter count
// (in the Summary, and in the status bar where the app has one), and unsaved work is asked about.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TEMPLATES } from '../templates';
import { SHOTS, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.goto(inject('baseURL'));
  await page.waitForSelector('#root > *');
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const text = async (id: string) => (await byTest(id).textContent())?.trim() ?? '';

async function showPanel(name: 'Inspector' | 'Problems' | 'Summary') {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  if (await tab.count()) await tab.first().click();
}

/** Close the gallery where it is a dialog (a refused load leaves it open). */
async function closeGallery() {
  const close = byTest('btn-close-templates');
  if (await close.isVisible()) await close.click();
}

async function openGallery() {
  if (!(await byTest('template-gallery').isVisible()))
    await page
      .getByRole('button', { name: /templates/i })
      .first()
      .click();
  await byTest('template-gallery').waitFor();
}

// Published trainable parameter counts (REFERENCE.md section 2); the rest are this app's own forms.
const PUBLISHED: Record<string, string> = {
  'lenet5-1998': '61,706',
  'lenet5-mnist': '61,706',
  alexnet: '61,100,840',
  resnet18: '11,689,512',
  resnet20: '272,474',
  vgg16: '138,357,544',
  resnet50: '25,557,032',
};

it('shows every template with its engine-computed size, marked when it matches the published figure', async () => {
  await openGallery();
  for (const t of TEMPLATES) {
    expect(await text(`template-${t.id}-nodes`), t.id).toBe(String(t.build().nodes.length));
    expect(await text(`template-${t.id}-params`), t.id).toBe(t.trainable.toLocaleString('en-US'));
    if (PUBLISHED[t.id])
      expect(await text(`template-${t.id}-published`), t.id).toBe(`✓ matches published ${PUBLISHED[t.id]}`);
  }
  expect(await byTest('template-blank').isVisible()).toBe(true);
  // Each classic's card says what it introduced (the same line as its tour); VGG tells no story.
  expect(await text('template-lenet5-mnist-story')).toBe(
    'LeNet-5, 1998, introduced: Convolutions with shared weights, subsampling, and C5: a convolution that acts as a fully connected layer.',
  );
  expect(await text('template-alexnet-cifar-story')).toMatch(/^AlexNet, 2012, introduced: ReLU, Dropout/);
  expect(await text('template-resnet50-story')).toMatch(/^ResNet, 2015, introduced: The skip connection/);
  expect(await byTest('template-vgg16-story').count()).toBe(0);
  await byTest('template-gallery').screenshot({ path: `${SHOTS}/templates.png` });
  await page.screenshot({ path: `${SHOTS}/app-templates.png` });
});

it('opens each template with its node count and trainable parameters in the Summary and status', async () => {
  for (const t of TEMPLATES) {
    await openGallery();
    await byTest(`template-${t.id}`).click();
    await showPanel('Summary');
    const nodes = String(t.build().nodes.length);
    const params = t.trainable.toLocaleString('en-US');
    await expect.poll(() => text('summary-node-count'), { message: t.id }).toBe(nodes);
    expect(await text('summary-total-trainable'), t.id).toBe(params);
    if (PUBLISHED[t.id]) expect(params).toBe(PUBLISHED[t.id]);
    // The app's status bar, where it has one, says the same.
    if (await byTest('statusbar').count()) {
      expect(await text('status-layers'), t.id).toBe(`${nodes} layers`);
      const status = `${await text('status-params')} ${await byTest('status-params').getAttribute('title')}`;
      expect(status, t.id).toContain(`${params} trainable`);
    }
    // No template opens with an error (the status bar says so where there is one).
    if (await byTest('status-errors').count()) expect(await text('status-errors'), t.id).toBe('0 errors');
    else {
      await showPanel('Problems');
      expect(await text('problems-count-error'), t.id).toBe('0');
    }
  }
  await openGallery();
  await byTest('template-blank').click();
  await showPanel('Summary');
  await expect.poll(() => text('summary-node-count')).toBe('0');
  await showPanel('Problems');
  expect(await text('problems-empty')).toContain('No problems');
  // A freshly opened graph has nothing selected: the Inspector says how to pick something.
  await showPanel('Inspector');
  expect(await text('inspector-empty')).toContain('No node selected');
  expect(errors).toEqual([]);
}, 60_000);

it('asks before replacing unsaved changes, and keeps them when the user says no', async () => {
  await openGallery();
  await byTest('template-lenet5-1998').click();
  await showPanel('Summary');
  await byTest('summary-row-output').click();
  await showPanel('Inspector');
  await byTest('inspector-param-units').fill('100');
  await showPanel('Summary');
  const edited = (61_706 - 850 + 84 * 100 + 100).toLocaleString('en-US');
  await expect.poll(() => text('summary-total-trainable')).toBe(edited);

  const answers: boolean[] = [false, true];
  const asked: string[] = [];
  const onDialog = async (d: import('playwright-core').Dialog) => {
    asked.push(d.message());
    await (answers.shift() ? d.accept() : d.dismiss());
  };
  page.on('dialog', onDialog);
  await openGallery();
  await byTest('template-lenet5-mnist').click();
  await expect.poll(() => asked.length).toBe(1);
  await closeGallery();
  await showPanel('Summary');
  expect(await text('summary-total-trainable')).toBe(edited);
  await openGallery();
  await byTest('template-lenet5-mnist').click();
  await showPanel('Summary');
  await expect.poll(() => text('summary-total-trainable')).toBe('61,706');
  page.off('dialog', onDialog);
  expect(asked).toHaveLength(2);
  expect(asked[0]).toMatch(/Unsaved changes/);
  expect(errors).toEqual([]);
}, 30_000);
