import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { setLanguageAction } from '@/app/actions';
import { PATH_HEADER, safeNextPath } from '@/lib/auth/redirect';
import { LanguageForm } from './language-form';

export async function Footer() {
  const [t, headerList] = await Promise.all([getTranslations('language'), headers()]);
  return (
    <footer className="site-footer" aria-label={t('footerLabel')}>
      <LanguageForm action={setLanguageAction} next={safeNextPath(headerList.get(PATH_HEADER))} id="footer-language" submit="change" />
    </footer>
  );
}
