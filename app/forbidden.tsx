import Link from 'next/link';

export default function Forbidden() {
  return (
    <section className="panel" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">403: Access denied</h1>
      <p>Your account does not have permission to view this page.</p>
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </section>
  );
}
