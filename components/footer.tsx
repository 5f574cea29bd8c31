import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { PATH_HEADER, safeNextPath } from '@/lib/auth/redirect';
import { LanguageForm } from './language-form';

export async function Footer({ setLanguage }: { setLanguage: (formData: FormData) => Promise<void> }) {
  const [t, headerList] = await Promise.all([getTranslations('language'), headers()]);
  return (
    <footer className="site-footer" aria-label={t('footerLabel')}>
      <LanguageForm action={setLanguage} next={safeNextPath(headerList.get(PATH_HEADER))} id="footer-language" submit="change" />
    </footer>
  );
}
