// A CA, a serving certificate for loopback and client certificates, generated at start-up: ECDSA P-256 keys and
// signatures by Node's crypto (instant, where RSA key generation takes seconds on a busy machine), X.509 layout by node-forge.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
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

const { asn1 } = forge;
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

interface EcKey {
  privateKey: KeyObject;
  /** The SubjectPublicKeyInfo, as forge ASN.1. */
  spki: forge.asn1.Asn1;
  pem: string;
}

function ecKey(): EcKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    spki: asn1.fromDer(forge.util.createBuffer(der.toString('binary'))),
    pem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
  };
}

const algorithm = () =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.OID,
      false,
      asn1.oidToDer(ECDSA_WITH_SHA256).getBytes(),
    ),
  ]);

// forge's RSA-only key types are not involved: it only lays out the TBSCertificate.
const PLACEHOLDER_KEY = forge.pki.setRsaPublicKey(
  new forge.jsbn.BigInteger('3'),
  new forge.jsbn.BigInteger('3'),
);

/**
 * An X.509 v3 certificate for `subject`'s key, signed by `issuer`. forge lays out the
 * TBSCertificate (names, validity, extensions); the key info and ECDSA signature are put in here.
 */
function certificate(
  subject: forge.pki.CertificateField[],
  key: EcKey,
  issuer: { subject: forge.pki.CertificateField[]; key: EcKey },
  extensions: object[],
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = PLACEHOLDER_KEY;
  // A positive serial: the leading byte's high bit must be clear.
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer.subject);
  cert.setExtensions(extensions);
  // getTBSCertificate wants a signature algorithm; fields[2] below replaces it with ECDSA's.
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  const pki = forge.pki as typeof forge.pki & {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  const tbs = pki.getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  // [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, [3] extensions
  fields[2] = algorithm();
  fields[6] = key.spki;
  const tbsDer = asn1.toDer(tbs).getBytes();
  const signature = sign('sha256', Buffer.from(tbsDer, 'binary'), issuer.key.privateKey);
  const certAsn1 = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithm(),
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.BITSTRING,
      false,
      `\u0000${signature.toString('binary')}`,
    ),
  ]);
  return forge.pem.encode({ type: 'CERTIFICATE', body: asn1.toDer(certAsn1).getBytes() });
}

/**
 * Generates a fresh CA and a serving certificate valid for 127.0.0.1, ::1, localhost and
 * `dnsNames` (e.g. `webhook.portguard.svc`, the name kube-apiserver checks for a service reference).
 */
export function generateTls(options: { dnsNames?: string[] } = {}): TlsMaterial {
  const caKey = ecKey();
  const serverKey = ecKey();
  const caSubject = [{ name: 'commonName', value: 'portguard-apiserver-ca' }];
  const issuer = { subject: caSubject, key: caKey };
  const caCert = certificate(caSubject, caKey, issuer, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  const serverCert = certificate(
    [{ name: 'commonName', value: 'portguard-apiserver' }],
    serverKey,
    issuer,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
          ...(options.dnsNames ?? []).map((value) => ({ type: 2, value })),
        ],
      },
    ],
  );
  return {
    ca: { cert: caCert, key: caKey.pem },
    server: { cert: serverCert, key: serverKey.pem },
    clientCert(user, groups = []) {
      const k = ecKey();
      const cert = certificate(
        [
          { name: 'commonName', value: user },
          ...groups.map((g) => ({ name: 'organizationName', value: g })),
        ],
        k,
        issuer,
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      );
      return { cert, key: k.pem };
    },
  };
}
