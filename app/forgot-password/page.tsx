import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <section className="card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      <p className="lead">Enter the email of your account. We will send you a link to choose a new password; it works for 30 minutes.</p>
      <ForgotPasswordForm />
      <p className="switch">
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </section>
  );
}
