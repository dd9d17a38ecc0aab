#!/usr/bin/env bash
# Exports the Azure side of workload identity as the Azure CLI prints it, in the layout that
# `kubectl wid doctor --azure DIR` reads:
#
#   DIR/identities.json                          az identity list
#   DIR/federated-credentials/<resource group>/fic-<identity>.json
#                                                az identity federated-credential list (one per identity)
#   DIR/role-assignments.json                    az role assignment list --all
#   DIR/role-definitions.json                    az role definition list --custom-role-only true
#   DIR/cluster-<name>.json                      az aks show
#   DIR/keyvaults.json                           az keyvault list
#
# Usage: export-azure.sh -g CLUSTER_RESOURCE_GROUP -n CLUSTER_NAME [-s SUBSCRIPTION] [-o DIR]
# Needs the Azure CLI, signed in (`az login`), with read access to the subscription. It only
# reads; nothing in Azure is changed. The files hold resource ids, client and principal ids,
# but no secrets.
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
}

cluster_rg="" cluster_name="" subscription="" out="azure-export"
while getopts "g:n:s:o:h" opt; do
  case "$opt" in
    g) cluster_rg="$OPTARG" ;;
    n) cluster_name="$OPTARG" ;;
    s) subscription="$OPTARG" ;;
    o) out="$OPTARG" ;;
    *) usage ;;
  esac
done
[[ -n "$cluster_rg" && -n "$cluster_name" ]] || usage

command -v az >/dev/null || { echo "export-azure.sh: the Azure CLI (az) is not installed: https://aka.ms/azure-cli" >&2; exit 2; }
az account show --only-show-errors -o none 2>/dev/null || { echo "export-azure.sh: not signed in: run az login" >&2; exit 2; }

sub_args=()
[[ -n "$subscription" ]] && sub_args=(--subscription "$subscription")

mkdir -p "$out"
# JSON is what --azure reads, whatever the user's `az config` default output is.
export AZURE_CORE_OUTPUT=json

echo "managed identities" >&2
az identity list ${sub_args[@]+"${sub_args[@]}"} >"$out/identities.json"

# One file per identity, in a folder per resource group: identity names are unique only within
# their group. The file name says what an empty list is, so an identity without federated
# credentials still counts as exported.
az identity list ${sub_args[@]+"${sub_args[@]}"} --query "[].[name, resourceGroup]" -o tsv |
  while IFS=$'\t' read -r name rg; do
    name="${name%$'\r'}" rg="${rg%$'\r'}"
    echo "federated credentials of $rg/$name" >&2
    mkdir -p "$out/federated-credentials/$rg"
    az identity federated-credential list ${sub_args[@]+"${sub_args[@]}"} --identity-name "$name" --resource-group "$rg" \
      >"$out/federated-credentials/$rg/fic-$name.json"
  done

echo "role assignments (all scopes)" >&2
az role assignment list --all ${sub_args[@]+"${sub_args[@]}"} >"$out/role-assignments.json"

echo "custom role definitions" >&2
az role definition list --custom-role-only true ${sub_args[@]+"${sub_args[@]}"} >"$out/role-definitions.json"

echo "AKS cluster $cluster_rg/$cluster_name" >&2
az aks show ${sub_args[@]+"${sub_args[@]}"} --resource-group "$cluster_rg" --name "$cluster_name" >"$out/cluster-$cluster_name.json"

echo "key vaults" >&2
az keyvault list ${sub_args[@]+"${sub_args[@]}"} >"$out/keyvaults.json"

echo "exported to $out: run kubectl wid doctor -f MANIFESTS --azure $out" >&2
