#!/usr/bin/env bash
# Prints the bytes iproute2 sends for one command, as hex, one line per sendmsg, run inside a
# throw-away namespace (never the caller's). Used to make test/codec fixtures:
#   scripts/capture-ip.sh link add veth0 type veth peer name veth1
# Optional SETUP env: commands (';'-separated `ip` argument lists) run first in the namespace.
set -euo pipefail
ns="nlts-$$-capture"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
IFS=';' read -ra setup <<< "${SETUP:-}"
for s in "${setup[@]}"; do [ -n "$s" ] && ip -n "$ns" $s; done
out=$(mktemp)
ip netns exec "$ns" strace -f -e trace=sendmsg -e write=3 -o "$out" ip "$@" >/dev/null
awk '/sendmsg\(/{ if (hex != "") print hex; hex="" } /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  /{ line=substr($0, 11, 49); gsub(/ /, "", line); hex = hex line } END { if (hex != "") print hex }' "$out"
rm -f "$out"
