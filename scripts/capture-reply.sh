#!/usr/bin/env bash
# Prints, as hex, the largest netlink reply iproute2 receives for one command, run inside a
# throw-away namespace. Used to make test/codec fixtures of kernel replies:
#   SETUP="link add veth0 type veth peer name veth1" scripts/capture-reply.sh -d link show dev veth0
set -euo pipefail
ns="nlts-$$-capture"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
IFS=';' read -ra setup <<< "${SETUP:-}"
for s in "${setup[@]}"; do [ -n "$s" ] && ip -n "$ns" $s; done
out=$(mktemp)
ip netns exec "$ns" strace -f -e trace=recvmsg -e read=3 -o "$out" ip "$@" >/dev/null
awk '/recvmsg\(/{ if (hex != "") print hex; hex="" } /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  /{ line=substr($0, 11, 49); gsub(/ /, "", line); hex = hex line } END { if (hex != "") print hex }' "$out" \
  | awk '{ if (length($0) > length(best)) best = $0 } END { print best }'
rm -f "$out"
