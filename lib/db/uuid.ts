// Ids of users, sessions and mail are uuid columns. A value from a request (a form field, a path
// segment) is checked against the form PostgreSQL accepts before it reaches a query: otherwise
// the database refuses the statement and a request carrying "x" would end in a 500.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
