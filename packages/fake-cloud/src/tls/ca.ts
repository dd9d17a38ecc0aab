// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill
// loaded before it.
import "reflect-metadata";
import type { webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

/** A throwaway certificate authority: every fake serves HTTPS with a certificate it issues. */
export interface CertificateAuthority {
  /** The CA certificate, PEM: what a kubeconfig's certificate-authority-data or NODE_EXTRA_CA_CERTS holds. */
  caPem: string;
  /** A server certificate for these DNS names and IP addresses (127.0.0.1 and localhost are always added). */
  issue(hosts: string[]): Promise<{ certPem: string; keyPem: string }>;
  /**
   * A client certificate, as a kube-apiserver's client CA signs them: the common name is the user
   * name, each organization a group (`system:masters` is cluster-admin).
   */
  issueClient(commonName: string, organizations?: string[]): Promise<{ certPem: string; keyPem: string }>;
}

// ECDSA P-256 keys generate in microseconds, where RSA 2048 takes tens of milliseconds per key; every
// client we serve (Go's crypto/tls in kubectl, Node's OpenSSL) accepts them.
const keyAlgorithm: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const signingAlgorithm: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(keyAlgorithm, true, ["sign", "verify"]);
}

export async function createCertificateAuthority(name = "wid fake-cloud CA"): Promise<CertificateAuthority> {
  const caKeys = await generateKeys();
  const now = Date.now();
  // Back-dated a little so clients whose clock runs behind still accept the certificates.
  const notBefore = new Date(now - 60 * 60 * 1000);
  const notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: caKeys,
    notBefore,
    notAfter,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const caPem = caCert.toString("pem") + "\n";

  return {
    caPem,
    async issue(hosts) {
      const names = [...new Set(["localhost", "127.0.0.1", ...hosts])];
      const keys = await generateKeys();
      const cert = await x509.X509CertificateGenerator.create({
        subject: `CN=${hosts[0] ?? "localhost"}`,
        issuer: caCert.subject,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        notBefore,
        notAfter,
        signingAlgorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(
            names.map((n) => (isIP(n) ? { type: "ip" as const, value: n } : { type: "dns" as const, value: n })),
          ),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
      return { certPem: cert.toString("pem") + "\n", keyPem: toPem(pkcs8, "PRIVATE KEY") };
    },
    async issueClient(commonName, organizations = []) {
      const keys = await generateKeys();
      const escape = (v: string) => v.replace(/([,+="\\<>;])/g, "\\$1");
      const cert = await x509.X509CertificateGenerator.create({
        subject: [`CN=${escape(commonName)}`, ...organizations.map((o) => `O=${escape(o)}`)].join(", "),
        issuer: caCert.subject,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        notBefore,
        notAfter,
        signingAlgorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ],
      });
      const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
      return { certPem: cert.toString("pem") + "\n", keyPem: toPem(pkcs8, "PRIVATE KEY") };
    },
  };
}
