'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import { requireAdmin } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { clientInputSchema, createClient, rotateClientSecret, setClientDisabled, updateClient } from '@/lib/oauth/clients';

// The admin console's app registrations (lib/oauth/clients.ts). Each action checks the admin
// again; a new or rotated secret is returned in the action's state, shown once, never stored.

export type ClientField = 'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'scopes';
export type ClientFormState = {
  fieldErrors?: Partial<Record<ClientField, string[]>>;
  /** What was typed, put back beside the errors. */
  values?: { name: string; redirectUris: string[]; postLogoutRedirectUris: string[]; scopes: string[] };
  /** After registering (with the app's name) or rotating: shown once. */
  shown?: { clientId: string; secret: string | null; name?: string };
  saved?: boolean;
};

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const valuesOf = (form: FormData) => ({
  name: String(form.get('name') ?? ''),
  redirectUris: lines(form.get('redirectUris')),
  postLogoutRedirectUris: lines(form.get('postLogoutRedirectUris')),
  scopes: ['openid', ...form.getAll('scopes').map(String)],
});

const inputOf = (form: FormData) => clientInputSchema.safeParse(valuesOf(form));

/** A refused form: the errors, and what was typed. */
async function refused(error: z.ZodError, form: FormData): Promise<ClientFormState> {
  return { fieldErrors: await fieldErrors(error, form), values: valuesOf(form) };
}

/** Each refusal in the admin's language, naming the URI it is about. */
async function fieldErrors(error: z.ZodError, form: FormData): Promise<ClientFormState['fieldErrors']> {
  const t = await getTranslations('adminClients.errors');
  const errors: Partial<Record<ClientField, string[]>> = {};
  for (const issue of error.issues) {
    const [field, index] = issue.path as [ClientField, number | undefined];
    const uri = typeof index === 'number' && field !== 'scopes' ? lines(form.get(field))[index] : undefined;
    const sentence = t.has(issue.message as 'uri_invalid') ? t(issue.message as 'uri_invalid') : issue.message;
    (errors[field] ??= []).push(uri ? t('forUri', { uri, problem: sentence }) : sentence);
  }
  return errors;
}

export async function registerClientAction(_previous: ClientFormState, form: FormData): Promise<ClientFormState> {
  const { user } = await requireAdmin();
  const input = inputOf(form);
  if (!input.success) return refused(input.error, form);
  const type = form.get('type') === 'PUBLIC' ? 'PUBLIC' : 'CONFIDENTIAL';
  const { client, secret } = await createClient(input.data, type, user, await getClientInfo());
  revalidatePath('/admin/clients');
  return { shown: { clientId: client.id, secret, name: client.name } };
}

export async function updateClientAction(_previous: ClientFormState, form: FormData): Promise<ClientFormState> {
  const { user } = await requireAdmin();
  const input = inputOf(form);
  if (!input.success) return refused(input.error, form);
  const clientId = String(form.get('clientId') ?? '');
  const result = await updateClient(clientId, input.data, user, await getClientInfo());
  revalidatePath(`/admin/clients/${clientId}`);
  return { saved: result.ok };
}

export async function rotateSecretAction(_previous: ClientFormState, form: FormData): Promise<ClientFormState> {
  const { user } = await requireAdmin();
  const clientId = String(form.get('clientId') ?? '');
  const result = await rotateClientSecret(clientId, user, await getClientInfo());
  return result.ok && result.secret ? { shown: { clientId, secret: result.secret } } : {};
}

export async function setClientDisabledAction(form: FormData): Promise<void> {
  const { user } = await requireAdmin();
  const clientId = String(form.get('clientId') ?? '');
  await setClientDisabled(clientId, form.get('disabled') === 'true', user, await getClientInfo());
  revalidatePath(`/admin/clients/${clientId}`);
  revalidatePath('/admin/clients');
}
