import { type Locator, type Page, expect } from '@playwright/test';

// Keyboard-only use in the e2e tests: moving with Tab and Shift+Tab, and checking at every stop
// that a sighted keyboard user can see where the focus is.

/** More stops than any page here has before its last control: a control never reached fails. */
const MAX_STOPS = 40;

/**
 * Fails unless the focused element shows a focus indicator: it matches :focus-visible (the browser
 * decided focus should be shown, as after a key press), is on screen, and its computed style draws
 * an outline at least 2px wide or a box shadow (WCAG 2.4.7 Focus Visible, and 2.4.11's "not
 * entirely hidden"). Returns the element's description, for messages.
 */
export async function expectVisibleFocus(page: Page): Promise<string> {
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return { element: 'nothing', problem: 'nothing is focused' };
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    const description = `<${element.tagName.toLowerCase()}${element.id ? ` id="${element.id}"` : ''}> ${name}`;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    const box = element.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
    const problem = !element.matches(':focus-visible')
      ? 'it does not match :focus-visible'
      : !onScreen
        ? `it is off screen (${JSON.stringify(box)})`
        : !outline && !shadow
          ? `it has no outline or box shadow (outline: ${style.outlineStyle} ${style.outlineWidth})`
          : null;
    return { element: description, problem };
  });
  expect(focus.problem, `focus on ${focus.element} is not visible`).toBeNull();
  return focus.element;
}

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking the focus is visible at every
 * stop on the way. Fails if the target is not reached within MAX_STOPS. A target that has the focus
 * already (a field the page focused) is only checked.
 */
export async function tabTo(page: Page, target: Locator, direction: 'forward' | 'backward' = 'forward'): Promise<void> {
  if (await isFocused(target)) {
    await expectVisibleFocus(page);
    return;
  }
  const key = direction === 'forward' ? 'Tab' : 'Shift+Tab';
  const passed: string[] = [];
  for (let stop = 0; stop < MAX_STOPS; stop++) {
    await page.keyboard.press(key);
    passed.push(await expectVisibleFocus(page));
    if (await isFocused(target)) return;
  }
  throw new Error(`${key} never reached the target; it passed:\n${passed.join('\n')}`);
}

/** Tabs to a field and types into it, as a keyboard user fills a form. */
export async function tabAndType(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}
