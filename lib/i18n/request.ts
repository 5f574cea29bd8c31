import { getRequestConfig } from 'next-intl/server';
import { MESSAGES } from './messages';
import { requestLocale, requestTimeZone } from './request-locale';

// next-intl's request configuration (named in next.config.js): what getTranslations, getLocale
// and the client provider see during a request. No locale in the URL: see ./request-locale.ts.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: await requestTimeZone() };
});
