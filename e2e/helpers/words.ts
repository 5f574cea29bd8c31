import { type Page, expect, test } from '@playwright/test';
import de from '../../messages/de.json';
import en from '../../messages/en.json';

// The words of the language a test runs in: English, or German in the `german` project
// (playwright.config.ts), so the same journeys and checks run in both languages.

export type Words = typeof en;

export function testLanguage(): 'en' | 'de' {
  return test.info().project.use.locale?.startsWith('de') ? 'de' : 'en';
}

/** The message files' words for the test's language. */
export function words(): Words {
  return testLanguage() === 'de' ? de : en;
}

// Words German never uses but nearly every English sentence has: a page meant to be German that
// shows one of them shows English that escaped translation.
const ENGLISH_WORDS = /\b(the|your|you|and|with|this|to|of|is|are|for|has|have|not|no longer|been|will|can't|don't|isn't)\b/i;

/**
 * Fails when the page, meant to be in German, shows English: any text, label or accessible name
 * outside an element marked with another language (the switcher's "English") that uses a common
 * English word. Email addresses and machine text (<code>, <pre>) are left out.
 */
export async function expectNoEnglish(page: Page): Promise<void> {
  const found = await page.evaluate((pattern) => {
    const english = new RegExp(pattern, 'i');
    const foreign = (element: Element | null) => element?.closest('[lang]:not([lang="de"]), code, pre, script, style, noscript, template') !== null;
    const clean = (text: string) => text.replace(/\S+@\S+/g, ' ').replace(/\s+/g, ' ').trim();
    const hits: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = clean(node.textContent ?? '');
      if (text && english.test(text) && !foreign(node.parentElement)) hits.push(text);
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const text = clean(element.getAttribute(name) ?? '');
        if (text && english.test(text) && !foreign(element)) hits.push(`${name}="${text}"`);
      }
    }
    const title = clean(document.title);
    if (english.test(title)) hits.push(`<title> ${title}`);
    return hits;
  }, ENGLISH_WORDS.source);
  expect(found, `English on a German page (${page.url()}):\n${found.join('\n')}`).toEqual([]);
}
