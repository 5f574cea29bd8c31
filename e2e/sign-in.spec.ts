import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './support';

test('the demo account signs in and sees its dashboard', async ({ page }) => {
  await signIn(page, 'demo@example.com', DEMO_PASSWORD);
  await expect(page.getByTestId('user-email')).toHaveText('demo@example.com');
  await expect(page.getByTestId('user-role')).toHaveText('USER');
  await page.screenshot({ path: 'test-results/screens/dashboard.png', fullPage: true });
});
