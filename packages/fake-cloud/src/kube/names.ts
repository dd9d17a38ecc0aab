import { randomInt } from "node:crypto";
import { canonicalJson } from "./canonical.js";

// k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot spell words.
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** What generateName and kube-api-access-* get appended: 5 characters from the same alphabet. */
export function randomSuffix(n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return s;
}

/** SafeEncodeString of a pod-template-hash: FNV-32a of the template, spelt in the same alphabet. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const text = canonicalJson(template) + (collisionCount ? String(collisionCount) : "");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h)
    .split("")
    .map((d) => ALPHANUMS[d.charCodeAt(0) % ALPHANUMS.length])
    .join("");
}
