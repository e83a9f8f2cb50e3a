/**
 * A self-signed X.509 certificate (PEM) for a signing key, for the `public_cert(s)` members of the
 * certs document: Access serves each key both as a JWK and as a certificate, and some verifiers
 * read the certificate. The smallest valid form: version 1, no extensions, sha256WithRSAEncryption,
 * written in DER by hand (a few bytes of ASN.1 are cheaper than an X.509 library and its deps).
 */

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const UTF8_STRING = 0x0c;
const UTC_TIME = 0x17;
/** AlgorithmIdentifier sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_WITH_RSA = [
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
/** The OID of commonName (2.5.4.3). */
const COMMON_NAME = [0x06, 0x03, 0x55, 0x04, 0x03];

/** One DER element: tag, definite length, contents. */
function der(tag: number, ...contents: (Uint8Array | number[])[]): Uint8Array {
  const body = contents.flatMap((part) => [...part]);
  const length =
    body.length < 0x80
      ? [body.length]
      : body.length < 0x100
        ? [0x81, body.length]
        : [0x82, body.length >> 8, body.length & 0xff];
  return Uint8Array.from([tag, ...length, ...body]);
}

/** YYMMDDHHMMSSZ, as UTCTime wants it. */
function utcTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(UTC_TIME, new TextEncoder().encode(text));
}

function name(commonName: string): Uint8Array {
  const attribute = der(
    SEQUENCE,
    COMMON_NAME,
    der(UTF8_STRING, new TextEncoder().encode(commonName)),
  );
  return der(SEQUENCE, der(SET, attribute));
}

function pem(bytes: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...bytes));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Certifies `publicKey`, signed with its own `privateKey` (RSASSA-PKCS1-v1_5, SHA-256).
 * @param commonName subject and issuer, e.g. the team's host
 * @param days validity from now
 */
export async function selfSignedCertificate(
  keys: { publicKey: CryptoKey; privateKey: CryptoKey },
  commonName: string,
  days: number,
): Promise<string> {
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  const now = Date.now();
  const spki = new Uint8Array(
    (await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer,
  );
  const tbs = der(
    SEQUENCE,
    der(INTEGER, serial),
    SHA256_WITH_RSA,
    name(commonName),
    der(SEQUENCE, utcTime(new Date(now)), utcTime(new Date(now + days * 86_400_000))),
    name(commonName),
    spki,
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, tbs),
  );
  return pem(der(SEQUENCE, tbs, SHA256_WITH_RSA, der(BIT_STRING, [0x00], signature)));
}
