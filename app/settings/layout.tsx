export { ProtectedLayout as default } from '../protected-layout';
