#!/usr/bin/env bash
# Prints, as hex, the netlink bytes Debian's conntrack exchanges for one command, run inside a
# throw-away namespace where conntrack is active (an nft rule using ct) and holding the flows
# given in SETUP (';'-separated `conntrack -I` argument lists). Used for test/codec/conntrack.fixtures.txt:
#   SETUP='-p udp -s 10.0.0.1 -d 10.0.0.2 --sport 1000 --dport 2000 -t 100' \
#     scripts/capture-conntrack.sh send -D -p udp --dport 2000      # one line per sendto/sendmsg
#   scripts/capture-conntrack.sh reply -L                            # the largest datagram received
set -euo pipefail
mode="$1"; shift
case "$mode" in
  send) trace=sendto,sendmsg; io=write ;;
  reply) trace=recvmsg,recvfrom; io=read ;;
  # every datagram both ways, in order, each line prefixed "> " (sent) or "< " (received)
  both) trace=sendto,sendmsg,recvmsg,recvfrom; io="read=3,4 -e write" ;;
  *) echo "usage: $0 send|reply|both CONNTRACK-ARGS…" >&2; exit 2 ;;
esac
ns="nlts-$$-ctcapture"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip netns exec "$ns" nft "add table ip t; add chain ip t c { type filter hook prerouting priority 0; }; add rule ip t c ct state new counter"
IFS=';' read -ra setup <<< "${SETUP:-}"
for s in "${setup[@]}"; do [ -n "$s" ] && ip netns exec "$ns" conntrack -I $s >/dev/null 2>&1; done
out=$(mktemp)
ip netns exec "$ns" strace -f -x -e trace=$trace -e $io=3,4 -o "$out" conntrack "$@" >/dev/null 2>&1 || true
hex=$(awk 'index($0, "sendto(") || index($0, "sendmsg(") || index($0, "recvmsg(") || index($0, "recvfrom(") { if (hex != "") print dir hex; hex=""; dir = (index($0, "send") ? "> " : "< ") } /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  /{ line=substr($0, 11, 49); gsub(/ /, "", line); hex = hex line } END { if (hex != "") print dir hex }' "$out")
rm -f "$out"
if [ "$mode" = both ]; then echo "$hex"; elif [ "$mode" = send ]; then sed 's/^> //' <<<"$hex"; else sed 's/^< //' <<<"$hex" | awk '{ if (length($0) > length(best)) best = $0 } END { print best }'; fi
