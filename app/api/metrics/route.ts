import { apiHandler } from '@/lib/api/handler';
import { metricsResponse } from '@/lib/metrics/scrape';

// Prometheus scrapes this with Authorization: Bearer $METRICS_TOKEN (docs/observability.md).
export const GET = apiHandler(metricsResponse);
