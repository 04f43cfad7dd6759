// What the browser tests share: Debian's headless Chromium trusting exactly the appliance's device
// certificate, and the login form.
import { chromium } from 'playwright-core';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Chromium that trusts exactly the device certificate (by its public key), not any certificate. */
export async function launch(certificateFile) {
  const spki = new X509Certificate(readFileSync(certificateFile)).publicKey.export({ type: 'spki', format: 'der' });
  const pin = createHash('sha256').update(spki).digest('base64');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--ignore-certificate-errors-spki-list=' + pin, '--no-sandbox'] });
}

export async function login(page, name, password) {
  await page.waitForSelector('form[action="login"]');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

export async function changePassword(page, current, wanted) {
  await page.waitForSelector('#pw');
  await page.fill('#current', current);
  await page.fill('#new1', wanted);
  await page.fill('#new2', wanted);
  await Promise.all([page.waitForURL(/\/login/), page.click('#pw button[type=submit]')]);
}

/**
 * A screenshot for the record, taken again once when Chromium cannot take it at the first try (it
 * refuses now and then while a page it just navigated to settles); a picture is evidence, not a check.
 */
export async function capture(page, path) {
  try {
    await page.screenshot({ path });
  } catch (first) {
    await page.waitForLoadState('load');
    await page.screenshot({ path });
  }
}

/**
 * Runs a test's steps, then closes what it opened; prints one line "RESULT {json}" (the steps' findings,
 * ok, and the error if a step failed) and exits 0 when every step passed.
 */
export async function runSteps(result, steps, close) {
  try {
    await steps();
    result.ok = true;
  } catch (e) {
    result.ok = false;
    result.error = String(e && e.stack || e);
  } finally {
    await close();
  }
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}
