#!/usr/bin/env bash
# Prints, as hex, the netlink bytes iproute2 exchanges for one command, run inside a throw-away
# namespace (never the caller's). Used to make test/codec fixtures:
#   scripts/capture.sh send  link add veth0 type veth peer name veth1   # one line per sendmsg
#   scripts/capture.sh reply -d link show dev veth0                     # the largest reply
# Optional SETUP env: ';'-separated `ip` argument lists run first in the namespace.
# Optional TOOL env: the program to trace instead of `ip` (TOOL=bridge scripts/capture.sh send link set dev v0 hairpin on).
# (A refusal never stops the capture: what was sent is printed anyway — ALLOW_FAIL=1 is accepted for older callers.)
# PROG=tc is the same as TOOL=tc (PROG=tc scripts/capture.sh send qdisc add dev veth0 root tbf …).
set -euo pipefail
mode="$1"; shift
case "$mode" in
  send) trace=sendmsg; io=write ;;
  reply) trace=recvmsg; io=read ;;
  *) echo "usage: $0 send|reply IP-ARGS…" >&2; exit 2 ;;
esac
ns="nlts-$$-capture"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
IFS=';' read -ra setup <<< "${SETUP:-}"
for s in "${setup[@]}"; do [ -n "$s" ] && ip -n "$ns" $s; done
out=$(mktemp)
ip netns exec "$ns" strace -f -e trace=$trace -e $io=3 -o "$out" "${TOOL:-${PROG:-ip}}" "$@" >/dev/null || true  # a refusal still shows what was sent
hex=$(awk -v call="$trace(" 'index($0, call) { if (hex != "") print hex; hex="" } /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  /{ line=substr($0, 11, 49); gsub(/ /, "", line); hex = hex line } END { if (hex != "") print hex }' "$out")
rm -f "$out"
if [ "$mode" = send ]; then echo "$hex"; else awk '{ if (length($0) > length(best)) best = $0 } END { print best }' <<<"$hex"; fi
