import Link from 'next/link';

export function AdminNav() {
  return (
    <nav aria-label="Admin" className="admin-nav">
      <Link href="/admin">Overview</Link>
      <Link href="/admin/users">Users</Link>
      <Link href="/admin/events">Events</Link>
      <Link href="/admin/mail">Mail</Link>
    </nav>
  );
}
