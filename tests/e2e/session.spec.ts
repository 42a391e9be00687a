// The session token is only for the shell: a browser gets in through a one-time launch link
// (kiosk.url mints one per read), another local client that opens the kiosk's address gets
// a screen saying it is not connected and nothing it can call the kiosk with.
import { expect, test } from './support/fixtures.js';
import { rpc } from './support/rpc.js';

const contextOptions = { hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' } as const;

test('a launch link opens the kiosk once; the plain address and a reused link get nothing usable', async ({ browser, kiosk }) => {
  const launch = kiosk.url;
  const first = await browser.newContext(contextOptions);
  const page = await first.newPage();
  await page.goto(launch);
  await page.getByTestId('home').waitFor();
  expect(page.url()).toBe(`${kiosk.origin}/`);
  const cookies = await first.cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.content()).not.toContain(cookies[0]!.value);
  // A reload keeps working (the cookie stays), and the page's own calls work.
  await page.reload();
  await page.getByTestId('home').waitFor();
  expect((await rpc<{ kioskId: string }>(page, 'app.info', {})).kioskId).toBeTruthy();

  // Another local client on the plain address: told it is not connected, calls refused.
  const other = await browser.newContext(contextOptions);
  const otherPage = await other.newPage();
  await otherPage.goto(`${kiosk.origin}/`);
  await expect(otherPage.getByTestId('not-connected-screen')).toBeVisible();
  await expect(otherPage.getByTestId('not-connected-screen')).toContainText('没有连上');
  await expect(rpc(otherPage, 'scan.submitWedge', { text: 'https://fake-subsidy.example/' })).rejects.toThrow(/HTTP 401/);

  // The link the first browser used is refused for a second one.
  const third = await browser.newContext(contextOptions);
  const thirdPage = await third.newPage();
  const res = await thirdPage.goto(launch);
  expect(res?.status()).toBe(403);
  await expect(thirdPage.locator('body')).toContainText('already been used');
  expect(await third.cookies()).toHaveLength(0);

  // A fresh link (as npm run kiosk-url prints) works in yet another browser, and a screen
  // named after it (#/route) survives the redirect that drops the code.
  const fourth = await browser.newContext(contextOptions);
  const fourthPage = await fourth.newPage();
  await fourthPage.goto(`${kiosk.url}#/policies`);
  await expect(fourthPage).toHaveURL(`${kiosk.origin}/#/policies`);
  await fourthPage.getByTestId('policy-count').waitFor();
  await fourthPage.goto(kiosk.url);
  await fourthPage.getByTestId('home').waitFor();
  for (const c of [first, other, third, fourth]) await c.close();
});
