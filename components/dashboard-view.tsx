/** The dashboard's content for a user: shared by /dashboard and its benchmark twin. */
export function DashboardView({ user, passwordReset = false }: { user: { email: string; role: string }; passwordReset?: boolean }) {
  return (
    <section className="panel" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      {passwordReset && (
        <p className="form-success" role="status">
          Your password has been reset, and every other session has been signed out.
        </p>
      )}
      <p className="lead">You are signed in.</p>
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd data-testid="user-email">{user.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd data-testid="user-role">{user.role}</dd>
        </div>
      </dl>
    </section>
  );
}
