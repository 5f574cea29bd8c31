import type en from '../../messages/en.json';
import type { Locale } from './locales';

// Types every t('…') call against the English messages: a key that does not exist fails typecheck.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
