import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectErrors, launchBrowser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('serves the built app under its Content-Security-Policy without console errors', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  collectErrors(page, errors);
  await page.goto(inject('baseURL'));
  await page.waitForSelector('#root > *');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  expect(csp).toContain("default-src 'none'");
  expect(errors).toEqual([]);
  await page.close();
});
