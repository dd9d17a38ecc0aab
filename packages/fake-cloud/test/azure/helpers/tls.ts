import { getCACertificates, setDefaultCACertificates } from "node:tls";

/**
 * Adds a CA to this process's default trust store, as NODE_EXTRA_CA_CERTS does at start-up, so
 * clients that take no CA option (fetch in jose, MSAL inside @azure/identity) trust the fakes.
 */
export function trustCa(caPem: string): void {
  setDefaultCACertificates([...getCACertificates("default"), caPem]);
}
