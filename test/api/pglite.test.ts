import { describeApi } from './api-flows';

// The embedded default: PGlite in the temporary DATA_DIR that test/support/env.ts made.
describeApi('embedded PGlite');
