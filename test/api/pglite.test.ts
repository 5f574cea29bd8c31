import { describeTokenPasswordFlows } from './token-password-flows';
import { describeTokenRequestFlows } from './token-request-flows';
import { describeTokenRefreshFlows } from './token-refresh-flows';
import { describeRevokeFlows } from './revoke-flows';
import { describeMeFlows } from './me-flows';
import { describeTokenMfaFlows } from './token-mfa-flows';
import { describeHealthFlows } from './health-flows';
import { describeUnexpectedErrorsFlows } from './unexpected-errors-flows';
import { describeCrossOriginFlows } from './cross-origin-flows';
import { describeLanguageFlows } from './language-flows';
import { describeOAuthProviderFlows } from './oauth-provider-flows';

// The embedded default: PGlite in the temporary DATA_DIR that test/support/env.ts made.
describeTokenPasswordFlows('embedded PGlite');
describeTokenRequestFlows('embedded PGlite');
describeTokenRefreshFlows('embedded PGlite');
describeRevokeFlows('embedded PGlite');
describeMeFlows('embedded PGlite');
describeTokenMfaFlows('embedded PGlite');
describeHealthFlows('embedded PGlite');
describeUnexpectedErrorsFlows('embedded PGlite');
describeCrossOriginFlows('embedded PGlite');
describeLanguageFlows('embedded PGlite');
describeOAuthProviderFlows('embedded PGlite');
