// Imported first by every script: what the app logs while a script runs (audit events, warnings)
// goes to stderr, and stdout carries only the script's own answer.
import { logToStderr } from '../lib/log';

logToStderr();
