/**
 * Each team's signing keys, as Access keeps them: a current key that signs every new token and
 * the previous one, still listed for tokens it signed. Kept in memory, per team origin, made at the
 * team's first request: restarting the stand-in (or `wrangler dev` reloading it) makes new keys,
 * and tokens from before stop verifying (sign in again). Why not a Durable Object or fixed keys:
 * nothing here must outlive a dev session, and no private key ever sits in the repository.
 */
import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { selfSignedCertificate } from './certificate';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public key as Access lists it in `keys`. */
  jwk: JWK;
  /** The same public key in a self-signed certificate (PEM), as in `public_certs`. */
  cert: string;
}

interface Keyring {
  current: SigningKey;
  previous: SigningKey;
}

const keyrings = new Map<string, Promise<Keyring>>();

async function newKey(origin: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  // Access's kids are 64 hex digits: the key's SHA-256 thumbprint in hex has that shape.
  const thumbprint = base64url.decode(await calculateJwkThumbprint(jwk));
  const kid = [...thumbprint].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const cert = await selfSignedCertificate({ publicKey, privateKey }, new URL(origin).host, 90);
  const listed: JWK = { kid, kty: 'RSA', alg: 'RS256', use: 'sig', e: jwk.e, n: jwk.n };
  return { kid, privateKey, jwk: listed, cert };
}

/** The keys of the team at `origin`, made on first use. */
export function keyringOf(origin: string): Promise<Keyring> {
  let keyring = keyrings.get(origin);
  if (!keyring) {
    keyring = Promise.all([newKey(origin), newKey(origin)]).then(([current, previous]) => ({
      current,
      previous,
    }));
    keyrings.set(origin, keyring);
  }
  return keyring;
}

/** Rotates the team's key as Access does: a new current key; the old current becomes previous. */
export async function rotate(origin: string): Promise<Keyring> {
  const { current } = await keyringOf(origin);
  const rotated = newKey(origin).then((fresh) => ({ current: fresh, previous: current }));
  keyrings.set(origin, rotated);
  return rotated;
}

/** The document of `/cdn-cgi/access/certs`, in Access's shape. */
export async function certsDocument(origin: string) {
  const { current, previous } = await keyringOf(origin);
  return {
    keys: [previous.jwk, current.jwk],
    public_cert: { kid: current.kid, cert: current.cert },
    public_certs: [
      { kid: previous.kid, cert: previous.cert },
      { kid: current.kid, cert: current.cert },
    ],
  };
}
