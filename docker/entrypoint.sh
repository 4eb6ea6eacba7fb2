#!/bin/bash
# rpi-entrypoint: runs one emulated Pi in this container (see docker/README.md for the contract).
#   Cmd = the QEMU argv (argv[0] a qemu-system-* binary); any other Cmd is exec'd as is.
#   RPI_NETWORK=bridge  hand the container's eth0 address to the guest (br0 + tap0 + one-lease DHCP)
#   RPI_MONITOR         QEMU's HMP monitor socket (default /run/rpi/monitor.sock)
#   RPI_STOP_GRACE      seconds to wait for the guest after system_powerdown (default 20)
#   RPI_LOOPBACK_FORWARDS  "22/tcp 8080/tcp …": QEMU forwards these on 127.0.0.1; relay eth0's to them
set -uo pipefail

monitor="${RPI_MONITOR:-/run/rpi/monitor.sock}"
grace="${RPI_STOP_GRACE:-20}"
network="${RPI_NETWORK:-user}"
# The link-local address br0 takes in bridge mode: DHCP server id and DNS forwarder for the guest.
service_ip="${RPI_BRIDGE_SERVICE_IP:-169.254.53.53}"

log() { echo "rpi-entrypoint: $*" >&2; }
die() { log "error: $*"; exit 70; }

if ! [[ "$grace" =~ ^[0-9]+$ ]]; then
  log "RPI_STOP_GRACE=$grace is not a number of seconds: using 20"
  grace=20
fi

mkdir -p /run/rpi "$(dirname -- "$monitor")"

if [ "$#" -eq 0 ]; then
  die "no command: the container's Cmd must be the QEMU argv"
fi

# Netmask from a prefix length (udhcpd wants dotted quads).
prefix_to_mask() {
  local p=$1 mask="" i octet
  for i in 1 2 3 4; do
    if [ "$p" -ge 8 ]; then octet=255; p=$((p - 8)); else octet=$((256 - (1 << (8 - p)))); [ "$p" -eq 0 ] && octet=0; p=0; fi
    mask="$mask${mask:+.}$octet"
  done
  echo "$mask"
}

# The guest's MAC as rpi put it in the argv (…,mac=52:54:00:…), so the DHCP lease can be static.
guest_mac() {
  local arg
  for arg in "$@"; do
    if [[ "$arg" =~ (^|,)mac=([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}) ]]; then
      echo "${BASH_REMATCH[2]}"
      return
    fi
  done
}

# The old tool's qemu-ifup, with only NET_ADMIN + /dev/net/tun: the guest takes the container's address.
setup_bridge() {
  [ -c /dev/net/tun ] || die "RPI_NETWORK=bridge needs --device /dev/net/tun (and --cap-add NET_ADMIN)"
  ip link show br0 >/dev/null 2>&1 && { log "bridge: br0 already set up"; return; }

  local cidr addr prefix gw mtu mask mac nameservers search dns routes subnet
  cidr=$(ip -4 -o addr show dev eth0 | awk '{print $4; exit}')
  [ -n "$cidr" ] || die "bridge: eth0 has no IPv4 address to hand to the guest"
  subnet=$(ip -4 route show dev eth0 scope link | awk '$1 ~ /\// {print $1; exit}')
  addr=${cidr%/*}
  prefix=${cidr#*/}
  mask=$(prefix_to_mask "$prefix")
  gw=$(ip -4 route show default | awk '{print $3; exit}')
  mtu=$(cat /sys/class/net/eth0/mtu)
  mac=$(guest_mac "$@")

  # Docker's embedded DNS (127.0.0.11) lives on this namespace's loopback, out of the guest's reach:
  # relay it on br0's link-local address. Other (non-loopback) resolvers the guest reaches via the gateway.
  nameservers=$(awk '$1 == "nameserver" {print $2}' /etc/resolv.conf 2>/dev/null)
  search=$(awk '$1 == "search" {$1 = ""; print substr($0, 2); exit}' /etc/resolv.conf 2>/dev/null)
  dns=""
  local relay=0 ns
  for ns in $nameservers; do
    case "$ns" in
      127.*) relay=1 ;;
      *:*) ;; # IPv6 resolvers: the guest gets IPv4 only
      *) dns="$dns $ns" ;;
    esac
  done
  [ "$relay" -eq 1 ] && dns="$service_ip$dns"
  dns=${dns# }

  log "bridge: moving $cidr (gateway ${gw:-none}, mtu $mtu) from eth0 to the guest${mac:+ ($mac)}"
  ip -4 addr flush dev eth0 || die "bridge: cannot flush eth0 (is NET_ADMIN granted?)"
  ip link add br0 type bridge || die "bridge: cannot create br0"
  ip tuntap add dev tap0 mode tap || die "bridge: cannot create tap0 (is /dev/net/tun passed?)"
  ip link set dev br0 mtu "$mtu"
  ip link set dev tap0 mtu "$mtu"
  ip link set dev eth0 master br0
  ip link set dev tap0 master br0
  ip addr add "$service_ip/32" dev br0
  ip link set dev eth0 up
  ip link set dev tap0 up
  ip link set dev br0 up
  # Answers from br0's services (DNS relay) must reach the guest and its neighbours on the network.
  [ -n "$subnet" ] && ip route add "$subnet" dev br0 src "$service_ip"

  # The guest reaches br0's link-local address on-link (option 121); a client that honours 121 ignores
  # the router option, so the default route travels in 121 too.
  routes="$service_ip/32 0.0.0.0"
  [ -n "$gw" ] && routes="$routes, 0.0.0.0/0 $gw"

  local conf=/run/rpi/udhcpd.conf
  {
    echo "interface br0"
    echo "start $addr"
    echo "end $addr"
    echo "max_leases 1"
    echo "lease_file /run/rpi/udhcpd.leases"
    echo "pidfile /run/rpi/udhcpd.pid"
    [ -n "$mac" ] && echo "static_lease $mac $addr"
    echo "option subnet $mask"
    [ -n "$gw" ] && echo "option router $gw"
    [ -n "$dns" ] && echo "option dns $dns"
    [ -n "$search" ] && echo "option domain ${search%% *}"
    echo "option mtu $mtu"
    echo "option staticroutes $routes"
    echo "option lease 864000"
  } >"$conf"
  : >/run/rpi/udhcpd.leases
  busybox udhcpd -f "$conf" > >(sed -u 's/^\(udhcpd: \)\?/rpi-entrypoint: udhcpd: /' >&2) 2>&1 &
  log "bridge: DHCP on br0 offers $addr/$prefix router ${gw:-none} dns ${dns:-none}"

  if [ "$relay" -eq 1 ]; then
    # One socat per query (fork): DNS over UDP and TCP to Docker's resolver.
    socat -T5 "UDP4-RECVFROM:53,bind=$service_ip,fork" UDP4:127.0.0.11:53 2>/dev/null &
    socat "TCP4-LISTEN:53,bind=$service_ip,reuseaddr,fork" TCP4:127.0.0.11:53 2>/dev/null &
    log "bridge: DNS relay $service_ip:53 -> 127.0.0.11:53"
  fi
}

# With restrict=on, slirp gives the guest no default route, so a forwarded connection must reach QEMU
# from loopback (the guest then sees it from 10.0.2.2, on-link): relay the container's address to it.
relay_loopback_forwards() {
  local addr spec port proto
  addr=$(ip -4 -o addr show dev eth0 | awk '{split($4, a, "/"); print a[1]; exit}')
  [ -n "$addr" ] || die "forwards: eth0 has no IPv4 address to relay from"
  for spec in $RPI_LOOPBACK_FORWARDS; do
    port=${spec%/*}
    proto=${spec#*/}
    case "$proto" in
      udp) socat -T30 "UDP4-RECVFROM:$port,bind=$addr,fork" "UDP4:127.0.0.1:$port" 2>/dev/null & ;;
      *) socat "TCP4-LISTEN:$port,bind=$addr,reuseaddr,fork" "TCP4:127.0.0.1:$port" 2>/dev/null & ;;
    esac
  done
  log "forwards: $addr -> 127.0.0.1 for $RPI_LOOPBACK_FORWARDS"
}

if [ "$network" = bridge ]; then
  setup_bridge "$@"
elif [ -n "${RPI_LOOPBACK_FORWARDS:-}" ]; then
  relay_loopback_forwards
fi

case "$(basename -- "$1")" in
  qemu-system-*) ;;
  *) exec "$@" ;; # the old tool's COMMAND override: run it as the container's main process
esac

# Sends one HMP command to QEMU's monitor socket.
monitor_send() {
  [ -S "$monitor" ] || return 1
  printf '%s\n' "$1" | socat -t1 - "UNIX-CONNECT:$monitor" >/dev/null 2>&1
}

stop_requested=""
trap 'stop_requested=TERM' TERM
trap 'stop_requested=INT' INT

log "starting $*"
# A background job's stdin would be /dev/null; keep the container's stdin for the guest console.
# SCHED_BATCH: QEMU is CPU-bound while its guest boots; with several guests sharing the host's CPUs,
# the scheduler then switches between them less often (measured: 4 virt boots on 2 CPUs ~5% sooner).
# Where a seccomp profile denies the policy change, QEMU runs as it is.
batch=(chrt --batch 0)
"${batch[@]}" true 2>/dev/null || { log "chrt --batch refused here: QEMU runs with the default policy"; batch=(); }

# The guest's UART reaches QEMU a byte at a time and QEMU writes each byte at once: straight to the
# container's stdout, every byte would wake containerd's shim and dockerd (~14,000 wake-ups per boot;
# measured ~0.15 s of their CPU per guest). A relay hands Docker whole lines, which is all its log
# keeps anyway (a partial line waits there for its newline too). perl: faithful to every byte, NULs
# included, and always in a Debian image.
console=/run/rpi/console.fifo
relay_pid=""
rm -f "$console"
if mkfifo -m 600 "$console" 2>/dev/null; then
  perl -pe 'BEGIN { $| = 1 }' <"$console" &
  relay_pid=$!
  "${batch[@]}" "$@" <&0 >"$console" &
else
  log "no FIFO at $console for the console relay: QEMU writes the console itself"
  "${batch[@]}" "$@" <&0 &
fi
qemu_pid=$!
watchdog_pid=""

while :; do
  wait "$qemu_pid"
  status=$?
  if ! kill -0 "$qemu_pid" 2>/dev/null; then
    break
  fi
  # wait was interrupted by a trapped signal: QEMU still runs.
  if [ -n "$stop_requested" ] && [ -z "$watchdog_pid" ]; then
    if monitor_send system_powerdown; then
      log "SIG$stop_requested: sent system_powerdown to the guest via $monitor; waiting up to ${grace}s"
    else
      log "SIG$stop_requested: no monitor at $monitor; waiting up to ${grace}s for QEMU to exit"
    fi
    (
      trap - TERM INT
      sleep "$grace"
      kill -0 "$qemu_pid" 2>/dev/null || exit 0
      log "guest still running after ${grace}s: stopping QEMU"
      monitor_send quit || kill -TERM "$qemu_pid" 2>/dev/null
      sleep 5
      kill -0 "$qemu_pid" 2>/dev/null || exit 0
      log "QEMU ignored quit: killing it"
      kill -KILL "$qemu_pid" 2>/dev/null
    ) &
    watchdog_pid=$!
  fi
  stop_requested=""
done

[ -n "$watchdog_pid" ] && kill "$watchdog_pid" 2>/dev/null
# The relay ends at QEMU's end of file, after the guest's last words.
[ -n "$relay_pid" ] && wait "$relay_pid"
log "QEMU exited with status $status"
exit "$status"
