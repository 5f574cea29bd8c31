// npm run build: `next build`, stamped with what it was built from (build-stamp.mjs).
import { build } from './build-stamp.mjs';

build();
