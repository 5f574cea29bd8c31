export { ProtectedLayout as default } from '../../verify-email/banner';
