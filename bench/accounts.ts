// The accounts bench/seed.ts creates and the figures sign in with. A module of their own: importing
// seed.ts runs the seeding, against whatever DATA_DIR or DATABASE_URL the importer has.

export const BENCH_PASSWORD = 'bench-password-123';
/** Figure 3's clients, one account each. */
export const BURST_ACCOUNTS = Array.from({ length: 8 }, (_, index) => `bench-burst-${index + 1}@example.com`);
export const BENCH_ACCOUNTS = ['bench-dashboard@example.com', 'bench-burst@example.com', 'bench-mixed@example.com', ...BURST_ACCOUNTS];
