// npm run keys:generate [-- --alg ES256|EdDSA] [-- --print]
// npm run keys:rotate
//   generate: creates the first signing key in DATA_DIR/keys (or, with --print, prints a private
//             JWK for JWT_PRIVATE_KEYS and stores nothing).
//   rotate:   creates a new key that becomes current at once; older keys keep verifying until
//             every token they signed has expired, and retired keys are deleted. A running server
//             signs with the new key from its next request (lib/auth/keys.ts watches the folder).
import './log-to-stderr';
import { exportJWK, generateKeyPair } from 'jose';
import { type AsymmetricAlg, activeStoredKeys, createStoredKey, deleteRetiredKeys, keysDir } from '../lib/auth/keys';
import { getConfig } from '../lib/config';

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = getConfig();
  const algArg = args.includes('--alg') ? args[args.indexOf('--alg') + 1] : config.jwtAlg;
  if (algArg !== 'ES256' && algArg !== 'EdDSA') {
    throw new Error('Keys are for JWT_ALG=ES256 or EdDSA (HS256 uses JWT_SECRET). Set JWT_ALG or pass --alg ES256|EdDSA.');
  }
  const alg: AsymmetricAlg = algArg;
  if (command === 'generate' && args.includes('--print')) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
    console.log(JSON.stringify(await exportJWK(privateKey)));
    return;
  }
  const existing = activeStoredKeys({ ...config, jwtAlg: alg });
  if (command === 'generate' && existing.length > 0) {
    throw new Error(`${keysDir(config)} already has a ${alg} key (${existing[0]!.kid}). Use npm run keys:rotate to replace it.`);
  }
  if (command !== 'generate' && command !== 'rotate') throw new Error('Usage: scripts/keys.ts generate|rotate');
  const created = await createStoredKey(alg, { ...config, jwtAlg: alg });
  console.log(`Created ${alg} key ${created.kid} in ${keysDir(config)}; it signs new tokens from now on.`);
  for (const kid of deleteRetiredKeys({ ...config, jwtAlg: alg })) console.log(`Retired key ${kid}.`);
  for (const stored of activeStoredKeys({ ...config, jwtAlg: alg }).slice(1)) {
    console.log(`Key ${stored.kid} still verifies tokens it signed until they expire.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
