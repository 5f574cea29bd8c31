import { apiHandler } from '@/lib/api/handler';
import { json } from '@/lib/api/http';
import { openApiDocument } from '@/lib/api/openapi';
import { getConfig } from '@/lib/config';

// The API description, with this deployment's origin as its server.
export const GET = apiHandler(async () => json(openApiDocument(getConfig().appUrl)));
