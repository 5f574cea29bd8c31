import { createTestDatabase, postgresAvailable } from '../support/postgres';
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

// The JSON API on PostgreSQL through @prisma/adapter-pg, in a database of this file's own.
if (postgresAvailable('JSON API')) {
  process.env.DATABASE_URL = await createTestDatabase();
  describeTokenPasswordFlows('PostgreSQL');
  describeTokenRequestFlows('PostgreSQL');
  describeTokenRefreshFlows('PostgreSQL');
  describeRevokeFlows('PostgreSQL');
  describeMeFlows('PostgreSQL');
  describeTokenMfaFlows('PostgreSQL');
  describeHealthFlows('PostgreSQL');
  describeUnexpectedErrorsFlows('PostgreSQL');
  describeCrossOriginFlows('PostgreSQL');
  describeLanguageFlows('PostgreSQL');
  describeOAuthProviderFlows('PostgreSQL');
}
