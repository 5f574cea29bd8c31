import { type CDPSession, type Page, expect } from '@playwright/test';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { AssertionOptions, CdpCredential, SoftwareAuthenticator } from '../../test/support/authenticator';
import { GOOD_PASSWORD } from './accounts';
import { test as devicesTest } from './devices';
import { words } from './words';

// Passkeys in the e2e tests: Chromium's virtual authenticator (Chrome DevTools Protocol, WebAuthn
// domain) stands in for the device's own, a platform authenticator with user verification that
// answers every prompt at once; and the journeys a person takes with it.
//
// It answers passkey autofill at once too: a conditional request (mediation "conditional", which
// /login starts as it loads) gets the first passkey as if the person had picked it from the email
// field's suggestions, before any test could click `Sign in with a passkey` or see /login after
// signing out. So the pages here hold conditional requests back, as a person who has not picked
// the suggestion does, until the test picks it (pickAutofillSuggestion).

export type VirtualAuthenticator = {
  cdp: CDPSession;
  authenticatorId: string;
  /** The credentials it holds, private keys included (for test/support/authenticator.ts). */
  credentials(): Promise<CdpCredential[]>;
  /** Whether the fingerprint, face or PIN check succeeds from now on. */
  setUserVerified(isUserVerified: boolean): Promise<void>;
  remove(): Promise<void>;
};

/** Gives the page's tab a platform authenticator (ctap2, internal, resident keys, user verification). */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  await page.addInitScript(holdConditionalRequests);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  return createAuthenticator(cdp);
}

/**
 * Removes an authenticator and puts an empty one in its place: another device of the same person.
 * (Beside the first, the browser would ask both, and the first refuses to make a second passkey
 * for an account it already serves.)
 */
export async function replaceAuthenticator(authenticator: VirtualAuthenticator): Promise<VirtualAuthenticator> {
  await authenticator.remove();
  return createAuthenticator(authenticator.cdp);
}

async function createAuthenticator(cdp: CDPSession): Promise<VirtualAuthenticator> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    setUserVerified: async (isUserVerified) => void (await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified })),
    remove: async () => void (await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })),
  };
}

export type HeldRequest = { mediation?: string; userVerification?: string; allowCredentials: number; rpId?: string; challengeBytes: number };

declare global {
  interface Window {
    /** The conditional requests the page made, the ones still waiting first. */
    heldPasskeyRequests?: { options: HeldRequest; pick: () => void }[];
  }
}

/**
 * Runs in the page before its own scripts: conditional requests wait (the page can still abort
 * them, as the passkey button does) until `pick` hands them to the browser's own WebAuthn.
 */
function holdConditionalRequests(): void {
  const original = navigator.credentials.get.bind(navigator.credentials);
  const held: NonNullable<Window['heldPasskeyRequests']> = (window.heldPasskeyRequests = []);
  navigator.credentials.get = (options) => {
    if (options?.mediation !== 'conditional') return original(options);
    const { publicKey, signal } = options;
    return new Promise((resolve, reject) => {
      /** Takes the request off the list; false when it was no longer there (picked already). */
      const release = () => {
        const at = held.indexOf(request);
        if (at >= 0) held.splice(at, 1);
        return at >= 0;
      };
      const request = {
        options: {
          mediation: options.mediation,
          userVerification: publicKey?.userVerification,
          allowCredentials: publicKey?.allowCredentials?.length ?? 0,
          rpId: publicKey?.rpId,
          challengeBytes: (publicKey?.challenge as ArrayBuffer | undefined)?.byteLength ?? 0,
        },
        // Handed on with its signal: the page can still abort it while the browser answers.
        pick: () => {
          release();
          void original(options).then(resolve, reject);
        },
      };
      held.unshift(request);
      signal?.addEventListener('abort', () => {
        if (release()) reject(signal.reason);
      });
    });
  };
}

/** The conditional request /login holds for the email field's suggestions, once it is there. */
export async function heldAutofillRequest(page: Page): Promise<HeldRequest> {
  await expect.poll(() => page.evaluate(() => window.heldPasskeyRequests?.length ?? 0), { message: 'a conditional request is waiting' }).toBeGreaterThan(0);
  return page.evaluate(() => window.heldPasskeyRequests![0]!.options);
}

/** Picks the passkey the email field suggests: the browser answers the waiting conditional request. */
export async function pickAutofillSuggestion(page: Page): Promise<void> {
  await heldAutofillRequest(page);
  await page.evaluate(() => window.heldPasskeyRequests![0]!.pick());
}

/**
 * The devices `test`, whose `page` always has a virtual authenticator (`authenticator`), even in a
 * test that does not name it: without one, Chromium would wait for a real device.
 */
export const test = devicesTest.extend<{ authenticator: VirtualAuthenticator }>({
  // Playwright's `use`, under another name: the React hooks lint rule would take it for React's.
  authenticator: [async ({ page }, provide) => provide(await addVirtualAuthenticator(page)), { auto: true }],
});

export const PASSKEY_REFUSED = 'That passkey was not accepted. Try again, or use another way to sign in.';
export const PASSKEY_EXPIRED = 'The passkey request expired or was already used. Try again.';
export const ADDED_SUBJECT = 'A passkey was added';
export const REMOVED_SUBJECT = 'A passkey was removed';

/** The Passkeys panel of /settings/security. */
export const passkeysPanel = (page: Page) => page.getByRole('region', { name: words().passkeys.title });

/** The listed passkeys (each a list item named after the passkey). */
export const passkeyItems = (page: Page) => page.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');

export const passkeyItem = (page: Page, name: string) => passkeyItems(page).filter({ has: page.getByText(name, { exact: true }) });

/** Creates an account on /signup with a passkey instead of a password; lands on the dashboard. */
export async function signUpWithPasskey(page: Page, email: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

/** Signs in on /login with `Sign in with a passkey`; lands on the dashboard. */
export async function signInWithPasskey(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

/**
 * `Add a passkey` on /settings/security, typing the current password when the page asks for it;
 * returns the name the new passkey was given.
 */
export async function addPasskey(page: Page, password = GOOD_PASSWORD): Promise<string> {
  await page.goto('/settings/security');
  const panel = passkeysPanel(page);
  const text = words();
  const field = panel.getByLabel(text.security.currentPassword);
  if (await field.isVisible()) await field.fill(password);
  await panel.getByRole('button', { name: text.passkeys.add }).click();
  const added = panel.getByRole('status');
  const [before, after] = text.passkeys.addedNotice.split('{name}') as [string, string];
  await expect(added).toContainText(before, { timeout: 15_000 });
  const notice = await added.innerText();
  expect(notice.startsWith(before) && notice.endsWith(after)).toBe(true);
  return notice.slice(before.length, notice.length - after.length);
}

declare global {
  interface Window {
    /** Exposed by answerPromptsWith: the software authenticator's answer to a prompt's options. */
    softwarePasskeyAnswer?: (options: PublicKeyCredentialRequestOptionsJSON) => Promise<AuthenticationResponseJSON>;
  }
}

/**
 * From now on, the passkey prompts of `page` (not autofill) are answered by `software` with the
 * origin and RP ID `ceremony()` gives at the time: correctly signed answers a browser would never
 * send, made to look like the browser's own credential objects.
 */
export async function answerPromptsWith(page: Page, software: SoftwareAuthenticator, ceremony: () => AssertionOptions): Promise<void> {
  await page.exposeFunction('softwarePasskeyAnswer', (options: PublicKeyCredentialRequestOptionsJSON) => software.authenticate(options, ceremony()));
  await page.addInitScript(answerFromSoftware);
  // The page open now, too: the app moves between its pages without loading a new document.
  await page.evaluate(answerFromSoftware);
}

/** Runs in the page: navigator.credentials.get, for prompts, returns the software authenticator's answer. */
function answerFromSoftware(): void {
  const previous = navigator.credentials.get.bind(navigator.credentials);
  const toBuffer = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)).buffer;
  const toText = (data: BufferSource) =>
    btoa(String.fromCharCode(...new Uint8Array(ArrayBuffer.isView(data) ? data.buffer : data)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  navigator.credentials.get = async (options) => {
    const publicKey = options?.publicKey;
    if (options?.mediation === 'conditional' || !publicKey || !window.softwarePasskeyAnswer) return previous(options);
    const answer = await window.softwarePasskeyAnswer({
      challenge: toText(publicKey.challenge),
      rpId: publicKey.rpId,
      allowCredentials: publicKey.allowCredentials?.map((descriptor) => ({ id: toText(descriptor.id), type: 'public-key' as const })),
    });
    const { response } = answer;
    const credential = {
      id: answer.id,
      rawId: toBuffer(answer.rawId),
      type: answer.type,
      authenticatorAttachment: answer.authenticatorAttachment ?? null,
      getClientExtensionResults: () => ({}),
      response: {
        clientDataJSON: toBuffer(response.clientDataJSON),
        authenticatorData: toBuffer(response.authenticatorData),
        signature: toBuffer(response.signature),
        userHandle: response.userHandle === undefined ? null : toBuffer(response.userHandle),
      },
    };
    return credential as unknown as Credential;
  };
}
