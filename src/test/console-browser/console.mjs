// Drives the console in headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
// Started by ConsoleBrowserTest with the runs it prepared; exits 0 when every step passed, else
// prints the failing step and exits 1. Screenshots go to $SCREENSHOTS.
//
// Environment:
//   BASE_URL        the service, e.g. http://127.0.0.1:8081
//   API_KEY         the environment key to sign in with
//   FAILED_RUN      a run of console-order that failed (a task threw)
//   HOSTILE_RUN     a run of console-hostile given markup
//   WAITING_RUN     a run of console-waits, waiting
//   OTHER_RUN       another tenant's run
//   SCREENSHOTS     where to write the PNGs
//   CHROMIUM        the browser (default /usr/bin/chromium)

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const env = process.env;
const base = env.BASE_URL;
const shots = env.SCREENSHOTS;
mkdirSync(shots, { recursive: true });

let step = "start";
function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Set before any page script runs (init scripts are not subject to the page's CSP).
  await context.addInitScript(() => document.addEventListener("htmx:sseOpen", () => (window.__sseOpen = true)));
  const page = await context.newPage();
  const unexpectedDialogs = [];
  page.on("dialog", async (dialog) => {
    if (dialog.type() === "confirm") {
      await dialog.accept();
    } else {
      unexpectedDialogs.push(dialog.message());
      await dialog.dismiss();
    }
  });
  const violations = [];
  page.on("console", (message) => {
    if (message.type() === "error") violations.push(message.text());
  });
  const shot = (name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

  step = "sign in";
  await page.goto(`${base}/console/runs?status=FAILURE&job=console-order`);
  check(page.url().includes("/console/sign-in"), "not sent to the sign-in page: " + page.url());
  await shot("sign-in");
  await page.fill("#apiKey", env.API_KEY);
  await page.click("#sign-in");
  await page.waitForURL("**/console/runs?status=FAILURE&job=console-order");
  check((await page.textContent("#who")).includes("may read, write, delete"), "the header shows what the key may do");

  step = "find the failed run by its URL filter";
  const rows = page.locator("tr.run");
  check((await rows.count()) === 1, "one failed run of console-order, got " + (await rows.count()));
  check((await rows.first().getAttribute("data-run")) === env.FAILED_RUN, "the row is the failed run");
  await shot("runs-filtered");

  step = "open it and read why it failed in its task tree";
  await rows.first().locator("a").first().click();
  await page.waitForURL(`**/console/runs/${env.FAILED_RUN}`);
  check((await page.textContent("#run-status")) === "FAILURE", "the run failed");
  const failedTask = page.locator("li.task", { hasText: "Charge card" });
  await failedTask.locator("summary").click();
  check((await failedTask.locator(".task-error").textContent()).includes("card declined for order A-1"), "the task's error");
  check((await page.locator("li.log").first().textContent()).includes("charging order A-1"), "the log line inline");
  check((await page.locator("li.task.depth-1", { hasText: "Look up stock" }).count()) === 1, "the nested subtask");
  check((await page.locator("svg#timeline g.bar").count()) >= 4, "the timeline has the tasks");
  await shot("run-failed");

  step = "run it again and watch it succeed live";
  await page.click("#rerun");
  await page.waitForURL((url) => url.pathname.startsWith("/console/runs/") && !url.pathname.endsWith(env.FAILED_RUN));
  const rerunUrl = page.url();
  await page.evaluate(() => (window.__sameDocument = true));
  const firstStatus = await page.textContent("#run-status");
  check(firstStatus !== "SUCCESS", "the re-run was still running when its page opened (" + firstStatus + ")");
  await page.waitForFunction(() => document.querySelector("#run-status")?.textContent === "SUCCESS", null, { timeout: 60000 });
  check(await page.evaluate(() => window.__sameDocument === true), "the page updated itself, without a reload");
  check(page.url() === rerunUrl, "still the re-run's page");
  check((await page.textContent("#run-output")).includes("\"charged\" : 42"), "its output");
  await shot("run-succeeded-live");

  step = "hostile values render as text";
  await page.goto(`${base}/console/runs/${env.HOSTILE_RUN}`);
  await page.locator("li.task summary").first().click();
  check((await page.textContent("#payload")).includes("<script>window.__xss = 1</script>"), "the payload is shown as text");
  check((await page.textContent("li.log")).includes("<img src=x onerror="), "the log line is shown as text");
  check((await page.textContent("li.task .name")).includes("<script>"), "the task name is shown as text");
  check((await page.textContent("li.task .task-output")).includes("[REDACTED]"), "the redacted path is masked");
  check(!(await page.content()).includes("sk-live-secret"), "the secret is not on the page");
  check((await page.locator("img").count()) === 0, "no img element was made");
  check((await page.locator("script:not([src])").count()) === 0, "no inline script element");
  check(!(await page.evaluate(() => window.__xss)), "no injected script ran");
  await shot("run-hostile");

  step = "cancel a waiting run";
  await page.goto(`${base}/console/runs/${env.WAITING_RUN}`);
  check((await page.textContent("#run-continues")).length > 0, "the wait shows when the run continues");
  await page.click("#cancel-run");
  await page.waitForFunction(() => document.querySelector("#run-status")?.textContent === "CANCELED");
  await shot("run-cancelled");

  step = "start a test run from an example";
  await page.goto(`${base}/console/jobs/console-order`);
  await shot("job");
  await page.click("#test-job");
  await page.click("#example-large");
  check((await page.inputValue("#payload")).includes("EX-2"), "the example filled the editor");
  await shot("test");
  await page.click("#start-test");
  await page.waitForURL((url) => /\/console\/runs\/[0-9a-f-]{36}$/.test(url.pathname));
  await page.waitForFunction(() => document.querySelector("#run-status")?.textContent === "SUCCESS", null, { timeout: 60000 });
  check((await page.textContent("#payload")).includes("EX-2"), "the run has the example's payload");

  step = "the runs list updates by itself";
  await page.goto(`${base}/console/runs?job=console-waits`);
  const before = await page.locator("tr.run").count();
  await page.waitForFunction(() => window.__sseOpen === true);
  await page.evaluate(() => (window.__sameDocument = true));
  const invoked = await fetch(`${base}/api/v1/jobs/console-waits/invoke`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.API_KEY}`, "content-type": "application/json" },
    body: "{}",
  });
  check(invoked.ok, "invoked console-waits: " + invoked.status);
  await page.waitForFunction((n) => document.querySelectorAll("tr.run").length === n + 1, before, { timeout: 30000 });
  check(await page.evaluate(() => window.__sameDocument === true), "the list updated itself, without a reload");
  await page.goto(`${base}/console/runs`);
  await shot("runs");
  await page.goto(`${base}/console/jobs`);
  await shot("jobs");

  step = "another tenant's run is a 404 page";
  const other = await page.goto(`${base}/console/runs/${env.OTHER_RUN}`);
  check(other.status() === 404, "status " + other.status());
  check((await page.textContent("#error-message")).includes("Run not found"), "the 404 page says so");

  step = "no script was refused and no dialog opened";
  check(unexpectedDialogs.length === 0, "dialogs: " + unexpectedDialogs.join(" | "));
  const refused = violations.filter((text) => text.includes("Content Security Policy"));
  check(refused.length === 0, "the CSP refused: " + refused.join(" | "));
  console.log("console browser test: all steps passed");
} catch (error) {
  console.error(`console browser test failed at step "${step}": ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
