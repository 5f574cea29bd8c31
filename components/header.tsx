import Link from 'next/link';

type Props = {
  email: string | null;
  /** False while the session cannot be checked (database down): neither signed in nor out. */
  accountLinks: boolean;
  signOut: () => Promise<void>;
};

export function Header({ email, accountLinks, signOut }: Props) {
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav aria-label="Main" className="site-nav">
        <Link href="/" className="brand">
          Latchkey
        </Link>
        {email ? (
          <div className="nav-links">
            <Link href="/dashboard">Dashboard</Link>
            <Link href="/settings">Settings</Link>
            <span className="who" title="Signed in as">
              {email}
            </span>
            <form action={signOut}>
              <button type="submit" className="secondary">
                Sign out
              </button>
            </form>
          </div>
        ) : accountLinks ? (
          <div className="nav-links">
            <Link href="/login">Sign in</Link>
            <Link href="/signup" className="button-link">
              Sign up
            </Link>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
