import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export async function AdminNav() {
  const t = await getTranslations('admin.nav');
  return (
    <nav aria-label={t('label')} className="admin-nav">
      <Link href="/admin">{t('overview')}</Link>
      <Link href="/admin/users">{t('users')}</Link>
      <Link href="/admin/events">{t('events')}</Link>
      <Link href="/admin/mail">{t('mail')}</Link>
      <Link href="/admin/clients">{t('apps')}</Link>
    </nav>
  );
}
