import { TENANT } from "../world.js";

/** The webhook's ConfigMap as the AKS add-on creates it (its default tenant). */
export const webhookConfig = (tenant = TENANT): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: azure-wi-webhook-config
  namespace: kube-system
  labels:
    addonmanager.kubernetes.io/mode: Reconcile
    azure-workload-identity.io/system: "true"
data:
  AZURE_ENVIRONMENT: AzurePublicCloud
  AZURE_TENANT_ID: ${tenant}
`;
