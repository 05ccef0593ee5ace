// A CA, a serving certificate for loopback and client certificates, generated at start-up (keys by Node, X.509 by node-forge).
import {
  generateKeyPair,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** PEM-encoded certificate and private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface TlsMaterial {
  ca: KeyPair;
  server: KeyPair;
  /** Issues a client certificate for `user` (CN) in `groups` (O), signed by the CA. */
  clientCert(user: string, groups?: string[]): KeyPair;
}

type RsaKey = {
  /** Signs with Node's native RSA: forge's pure-JS big-number math is slow. */
  forgeKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.PublicKey;
  pem: string;
};

/**
 * forge assembles the certificate and hands `sign()` the message digest object; this one only
 * collects the to-be-signed bytes, and the key signs them with Node's crypto.
 */
function collectingSha256(): forge.md.MessageDigest & { bytes: string } {
  const md = forge.md.sha256.create() as forge.md.MessageDigest & { bytes: string };
  md.bytes = '';
  const update = md.update.bind(md);
  md.update = (msg: string, encoding?: 'raw' | 'utf8') => {
    md.bytes += msg;
    return update(msg, encoding);
  };
  return md;
}

function fromNodeKey(privateKey: KeyObject, publicKey: KeyObject): RsaKey {
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = {
    sign: (md: forge.md.MessageDigest & { bytes: string }) =>
      sign('sha256', Buffer.from(md.bytes, 'binary'), privateKey).toString('binary'),
  } as unknown as forge.pki.rsa.PrivateKey;
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { forgeKey, publicKey: forge.pki.publicKeyFromPem(publicPem), pem };
}

// Node's native RSA key generation takes milliseconds where forge's pure-JS one takes seconds.
function rsaKey(): RsaKey {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return fromNodeKey(pair.privateKey, pair.publicKey);
}

/** Two keys at once on libuv's thread pool: start-up waits for one key's time, not two. */
async function rsaKeys(n: number): Promise<RsaKey[]> {
  const gen = promisify(generateKeyPair);
  const pairs = await Promise.all(
    Array.from({ length: n }, () => gen('rsa', { modulusLength: 2048 })),
  );
  return pairs.map((p) => fromNodeKey(p.privateKey, p.publicKey));
}

function certificate(
  subject: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  issuer: { subject: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the leading byte's high bit must be clear.
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer.subject);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, collectingSha256());
  return forge.pki.certificateToPem(cert);
}

/** Generates a fresh CA and a serving certificate valid for 127.0.0.1, ::1 and localhost. */
export async function generateTls(): Promise<TlsMaterial> {
  const [caKey, serverKey] = await rsaKeys(2);
  const caSubject = [{ name: 'commonName', value: 'portguard-apiserver-ca' }];
  const caCert = certificate(
    caSubject,
    caKey.publicKey,
    { subject: caSubject, key: caKey.forgeKey },
    [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  );
  const issuer = { subject: caSubject, key: caKey.forgeKey };
  const serverCert = certificate(
    [{ name: 'commonName', value: 'portguard-apiserver' }],
    serverKey.publicKey,
    issuer,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  );
  return {
    ca: { cert: caCert, key: caKey.pem },
    server: { cert: serverCert, key: serverKey.pem },
    clientCert(user, groups = []) {
      const k = rsaKey();
      const cert = certificate(
        [
          { name: 'commonName', value: user },
          ...groups.map((g) => ({ name: 'organizationName', value: g })),
        ],
        k.publicKey,
        issuer,
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      );
      return { cert, key: k.pem };
    },
  };
}
