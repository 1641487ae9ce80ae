// A DPoP client written by others, against one of our example APIs:
//   node dpop-client.mjs <url> <access token> <private JWK file>
// Prints one JSON line: three calls through oauth4webapi (the first one answered use_dpop_nonce when nonces are on,
// the client retries with the nonce it was given), then one through openid-client, which retries by itself.
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { readFileSync } from 'node:fs';

const [url, token, keyFile] = process.argv.slice(2);
const jwk = JSON.parse(readFileSync(keyFile, 'utf8'));
const algorithm = jwk.kty === 'EC' ? { name: 'ECDSA', namedCurve: jwk.crv } : { name: 'Ed25519' };
const { d, ...publicJwk } = jwk;
const keyPair = {
  privateKey: await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']),
  publicKey: await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
};

// what the client put in each proof's header: its alg, as the library named it
const proofAlgs = [];
const recording = (input, init) => {
  const proof = new Headers(init?.headers).get('dpop');
  if (proof) proofAlgs.push(JSON.parse(Buffer.from(proof.split('.')[0], 'base64url')).alg);
  return fetch(input, init);
};

const options = { DPoP: oauth.DPoP({}, keyPair), [oauth.allowInsecureRequests]: true, [oauth.customFetch]: recording };
async function attempt() {
  try {
    const response = await oauth.protectedResourceRequest(token, 'GET', new URL(url),
      new Headers({ accept: 'application/json' }), null, options);
    return { status: response.status, body: await response.json(), nextNonce: response.headers.has('dpop-nonce') };
  } catch (e) {
    return { status: e.status, error: e.code ?? e.name, nonceError: oauth.isDPoPNonceError(e), challenges: e.cause };
  }
}
const result = { oauth4webapi: [await attempt(), await attempt(), await attempt()] };

try {
  const config = new client.Configuration({ issuer: 'https://as.example.com' }, 'client-id');
  client.allowInsecureRequests(config);
  const response = await client.fetchProtectedResource(config, token, new URL(url), 'GET', undefined, undefined,
    { DPoP: client.getDPoPHandle(config, keyPair) });
  result.openidClient = { status: response.status, body: await response.json() };
} catch (e) {
  result.openidClient = { status: e.status, error: e.code ?? e.name, challenges: e.cause };
}
result.proofAlgs = proofAlgs;
console.log(JSON.stringify(result));
