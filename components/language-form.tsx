import { getLocale, getTranslations } from 'next-intl/server';
import { LOCALES, LOCALE_NAMES } from '@/lib/i18n/locales';

type Props = {
  action: (formData: FormData) => Promise<void>;
  /** Where the browser goes back to after the change. */
  next: string;
  /** Distinguishes the footer's form from the settings page's on the same page. */
  id: string;
  submit: 'change' | 'save';
};

/** Picks the language: a plain form, so it works without JavaScript. */
export async function LanguageForm({ action, next, id, submit }: Props) {
  const [t, locale] = await Promise.all([getTranslations('language'), getLocale()]);
  return (
    <form action={action} className="language-form">
      <label htmlFor={id}>{t('label')}</label>
      <select id={id} name="locale" defaultValue={locale}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <input type="hidden" name="next" value={next} />
      <button type="submit" className="secondary">
        {t(submit)}
      </button>
    </form>
  );
}
