#!/usr/bin/env bash
# verify-evidence.sh PACK.zip portal.pem
# Offline check of an evidence pack's ZIP with the portal's public key alone (jq, openssl, unzip, coreutils).
# Exit 0 when manifest.dsse.json is signed by the key, manifest.json is the signed payload and every file matches it.
set -euo pipefail
zip=$(realpath "$1"); key=$(realpath "$2"); dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
unzip -q "$zip" -d "$dir"; cd "$dir"
type=$(jq -r .payloadType manifest.dsse.json)
jq -r .payload manifest.dsse.json | base64 -d > payload.json
jq -r '.signatures[0].sig' manifest.dsse.json | base64 -d > sig.der
# DSSE v1 pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(payload)> <payload>" (lengths in bytes)
{ printf 'DSSEv1 %d %s %d ' "$(printf %s "$type" | wc -c)" "$type" "$(stat -c %s payload.json)"; cat payload.json; } > pae.bin
openssl dgst -sha256 -verify "$key" -signature sig.der pae.bin
cmp -s payload.json manifest.json || { echo "manifest.json differs from the signed payload" >&2; exit 1; }
jq -r '.files[] | "\(.sha256)  \(.name)"' manifest.json | sha256sum -c -
jq '{packId, issuedAt, promotion: {model: .promotion.model, version: .promotion.version, sha256: .promotion.sha256, status: .promotion.status}}' manifest.json
