/** What a new or refreshed session hands its client: the cookies' values, or the API's answer. */
export type SessionTokens = {
  accessToken: string;
  refreshToken: string;
  /** When the refresh token, and with it the session, ends. */
  refreshExpiresAt: Date;
  /** With a new session only, not a refreshed one: proof that this device signed in to the account (device-tokens.ts). */
  deviceToken?: string;
};
