// The protected areas' layout, as /dashboard has it (app/dashboard/layout.tsx).
export { ProtectedLayout as default } from '@/app/protected-layout';
