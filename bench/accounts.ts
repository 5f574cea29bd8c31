// The accounts bench/seed.ts creates and the figures sign in with. A module of their own: importing
// seed.ts runs the seeding, against whatever DATA_DIR or DATABASE_URL the importer has.

export const BENCH_PASSWORD = 'bench-password-123';
/** The bcrypt cost of the accounts' hash: the default (BCRYPT_COST), so sign-ins cost what they cost in production. */
export const BENCH_HASH_COST = 12;
/** Figure 3's clients, one account each. */
export const BURST_ACCOUNTS = Array.from({ length: 8 }, (_, index) => `bench-burst-${index + 1}@example.com`);
export const BENCH_ACCOUNTS = ['bench-dashboard@example.com', 'bench-burst@example.com', 'bench-mixed@example.com', ...BURST_ACCOUNTS];
