import Link from 'next/link';

export default function HomePage() {
  return (
    <section className="hero">
      <h1>Latchkey</h1>
      <p className="lead">
        Sign-up, sign-in and sessions you host yourself: short-lived signed tokens in HttpOnly cookies, every
        session checked against the database, and a JSON API for programs.
      </p>
      <div className="actions">
        <Link href="/login" className="button-link">
          Sign in
        </Link>
        <Link href="/signup" className="button-link secondary">
          Sign up
        </Link>
      </div>
    </section>
  );
}
