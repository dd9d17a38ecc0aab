/** The parts of an ARM resource id wid writes to. */
export interface ArmResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

function parse(id: string, type: RegExp): ArmResourceRef | undefined {
  const m = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/${type.source}/([^/]+)/?$`, "i").exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}

export const parseIdentityId = (id: string) => parse(id, /Microsoft\.ManagedIdentity\/userAssignedIdentities/);
export const parseVaultId = (id: string) => parse(id, /Microsoft\.KeyVault\/vaults/);

/** The subscription a scope or resource id lies in. */
export function subscriptionOfId(id: string): string | undefined {
  return /^\/?subscriptions\/([^/]+)/i.exec(id.trim())?.[1];
}

/** ARM compares ids without regard to case. */
export function sameId(a: string, b: string): boolean {
  return a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}

export function identityResourceId(ref: ArmResourceRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${ref.name}`;
}
