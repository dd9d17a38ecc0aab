import { createHash, generateKeyPair, type KeyObject } from "node:crypto";
import type { RsaPublicJwk } from "./jws.js";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** As a JWKS lists it: `{use, kty, kid, alg, n, e}`. */
  publicJwk: Required<RsaPublicJwk>;
}

/**
 * An RS256 key as a kube-apiserver's service account issuer holds it. The `kid` is computed the
 * way Kubernetes does: base64url (unpadded) of the SHA-256 of the PKIX DER public key, so a token's
 * `kid` names exactly one JWKS entry.
 */
export async function generateSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048 }, (err, pub, priv) => (err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }))),
  );
  const der = publicKey.export({ type: "spki", format: "der" });
  const kid = createHash("sha256").update(der).digest("base64url");
  const jwk = publicKey.export({ format: "jwk" });
  if (typeof jwk.n !== "string" || typeof jwk.e !== "string") throw new Error("RSA public key without modulus or exponent");
  return { kid, privateKey, publicJwk: { use: "sig", kty: "RSA", kid, alg: "RS256", n: jwk.n, e: jwk.e } };
}
