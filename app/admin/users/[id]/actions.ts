'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type AdminActionResult, type RemoveUserPasskeyResult, removeUserPasskey, setDisabled, setRole, signOutUser } from '@/lib/admin/actions';
import { requireAdmin } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { ROLES, type Role } from '@/lib/auth/tokens';

// Every admin action checks the caller's role itself (requireAdmin), whatever page it came from.
// Next.js refuses Server Action POSTs whose Origin does not match the host.

async function run(form: FormData, act: (actor: { id: string; email: string }, userId: string) => Promise<AdminActionResult | RemoveUserPasskeyResult>) {
  const { user: actor } = await requireAdmin();
  const userId = String(form.get('userId') ?? '');
  const result = await act(actor, userId);
  revalidatePath(`/admin/users/${userId}`);
  redirect(`/admin/users/${userId}${result.ok ? '' : `?error=${result.error}`}`);
}

export async function changeRoleAction(form: FormData): Promise<void> {
  const role = form.get('role');
  if (!ROLES.includes(role as Role)) return;
  await run(form, async (actor, userId) => setRole(actor, userId, role as Role, await getClientInfo()));
}

export async function setDisabledAction(form: FormData): Promise<void> {
  const disabled = form.get('disabled') === 'true';
  await run(form, async (actor, userId) => setDisabled(actor, userId, disabled, await getClientInfo()));
}

export async function signOutUserAction(form: FormData): Promise<void> {
  await run(form, async (actor, userId) => signOutUser(actor, userId, await getClientInfo()));
}

export async function removeUserPasskeyAction(form: FormData): Promise<void> {
  const passkeyId = String(form.get('passkeyId') ?? '');
  await run(form, async (actor, userId) => removeUserPasskey(actor, userId, passkeyId, await getClientInfo()));
}
