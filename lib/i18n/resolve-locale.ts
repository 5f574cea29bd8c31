import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { type Locale, LOCALES, isLocale } from './locales';

// Which language a request gets, in order: the signed-in user's saved choice, the switcher's
// cookie, the browser's Accept-Language, then DEFAULT_LOCALE. Pure, so every rule is unit-tested.

export type LocaleSources = {
  saved: string | null | undefined;
  cookie: string | undefined;
  acceptLanguage: string | null | undefined;
  fallback: Locale;
};

export function resolveLocale({ saved, cookie, acceptLanguage, fallback }: LocaleSources): Locale {
  if (isLocale(saved)) return saved;
  if (isLocale(cookie)) return cookie;
  return acceptLanguage ? negotiate(acceptLanguage, fallback) : fallback;
}

/** The best of our languages for an Accept-Language header ("de-CH" gets German), else the fallback. */
export function negotiate(acceptLanguage: string, fallback: Locale): Locale {
  const requested = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages().filter(isWellFormedTag);
  if (requested.length === 0) return fallback;
  const best = match(requested, LOCALES, fallback);
  return isLocale(best) ? best : fallback;
}

// match() throws on a tag Intl cannot parse ("*", "x_y"): those are skipped like unknown languages.
function isWellFormedTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
