#!/usr/bin/env bash
# shellcheck disable=SC2054 # commas inside QEMU options
# Boots the test image under host QEMU and proves it: SSH banner on a forwarded port, a command
# over ssh as root with a fresh key, then `poweroff` and QEMU's exit.
# Works on a sparse COPY of the image (ssh file + authorized_keys added there) and a qcow2
# overlay of that copy; the cached image is never written.
#
# Usage: bash testimage/boot-check.sh BOARD [IMAGE]   BOARD: virt64 | virt32 | raspi3b | raspi2b | versatilepb
# Env: PORT (default 10022), TIMEOUT seconds to the banner (default 120), THREAD (single|multi),
# CONSOLE_LOG (a file to keep the guest console in), CMD (run over ssh as root; must end in poweroff),
# APPEND (more kernel parameters), SSH_USER (also log in as this user first with the same key),
# VERSATILE_KERNEL_DIR (zImage + versatile-pb.dtb; default: versatile/build-kernel.sh's folder).
set -euo pipefail

board=${1:?usage: boot-check.sh virt64|virt32|raspi3b|raspi2b|versatilepb [IMAGE]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
image=${2:-$(bash "$here/build.sh" | tail -n 1)}
port=${PORT:-10022}
timeout=${TIMEOUT:-120}
tmp=$(mktemp -d)
qemu_pid=''
cleanup() {
	[ -n "${CONSOLE_LOG:-}" ] && cp "$tmp/console.log" "$CONSOLE_LOG" 2>/dev/null
	if [ -n "$qemu_pid" ]; then kill "$qemu_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
log() { printf 'boot-check: %s\n' "$*" >&2; }

read -r boot_start root_start < <(sfdisk -d "$image" | awk '/start=/ { sub(/,/, "", $4); s[++n] = $4 } END { print s[1], s[2] }')
cp --sparse=always "$image" "$tmp/disk.img"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/key"
export MTOOLS_SKIP_CHECK=1
: >"$tmp/ssh"
mcopy -i "$tmp/disk.img@@$((boot_start * 512))" "$tmp/ssh" ::/ssh
# The same key for root and for pi (owned by pi, uid 1000, as dropbear insists).
cat >"$tmp/debugfs.cmd" <<EOF
write $tmp/key.pub /root/.ssh/authorized_keys
write $tmp/key.pub /home/pi/.ssh/authorized_keys
set_inode_field /home/pi/.ssh/authorized_keys uid 1000
set_inode_field /home/pi/.ssh/authorized_keys gid 1000
EOF
debugfs -w -f "$tmp/debugfs.cmd" "$tmp/disk.img?offset=$((root_start * 512))" >/dev/null 2>&1
for f in kernel7.img kernel8.img initramfs7 initramfs8 bcm2836-rpi-2-b.dtb bcm2837-rpi-3-b.dtb; do
	mcopy -i "$tmp/disk.img@@$((boot_start * 512))" "::/$f" "$tmp/$f"
done
qemu-img create -q -f qcow2 -F raw -b "$tmp/disk.img" "$tmp/overlay.qcow2"

net="user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22"
case "$board" in
virt64)
	cmd=(qemu-system-aarch64 -M virt -cpu cortex-a53 -smp 1 -m 512 -accel "tcg,thread=${THREAD:-multi}"
		-kernel "$tmp/kernel8.img" -initrd "$tmp/initramfs8" -append "root=/dev/vda2 rootwait console=ttyAMA0 ${APPEND:-}"
		-drive "if=none,file=$tmp/overlay.qcow2,format=qcow2,id=hd0" -device virtio-blk-device,drive=hd0
		-netdev "$net" -device virtio-net-device,netdev=net0 -nographic -no-reboot)
	;;
virt32)
	cmd=(qemu-system-arm -M virt -cpu cortex-a15 -smp 1 -m 512 -accel "tcg,thread=${THREAD:-multi}"
		-kernel "$tmp/kernel7.img" -initrd "$tmp/initramfs7" -append "root=/dev/vda2 rootwait console=ttyAMA0 ${APPEND:-}"
		-drive "if=none,file=$tmp/overlay.qcow2,format=qcow2,id=hd0" -device virtio-blk-device,drive=hd0
		-netdev "$net" -device virtio-net-device,netdev=net0 -nographic -no-reboot)
	;;
raspi3b)
	cmd=(qemu-system-aarch64 -M raspi3b -m 1G -accel "tcg,thread=${THREAD:-single}"
		-kernel "$tmp/kernel8.img" -initrd "$tmp/initramfs8" -dtb "$tmp/bcm2837-rpi-3-b.dtb"
		-append "root=/dev/mmcblk0p2 rootwait console=ttyS1,115200 ${APPEND:-}"
		-drive "if=sd,file=$tmp/overlay.qcow2,format=qcow2" -serial null -serial stdio
		-device usb-net,netdev=net0 -netdev "$net" -display none -monitor none -no-reboot)
	;;
raspi2b)
	cmd=(qemu-system-arm -M raspi2b -m 1G -accel "tcg,thread=${THREAD:-multi}"
		-kernel "$tmp/kernel7.img" -initrd "$tmp/initramfs7" -dtb "$tmp/bcm2836-rpi-2-b.dtb"
		-append "root=/dev/mmcblk0p2 rootwait console=ttyAMA0,115200 ${APPEND:-}"
		-drive "if=sd,file=$tmp/overlay.qcow2,format=qcow2" -serial stdio
		-device usb-net,netdev=net0 -netdev "$net" -display none -monitor none -no-reboot)
	;;
versatilepb)
	# The old tool's board: no initramfs (everything is built into versatile/build-kernel.sh's kernel).
	kdir=${VERSATILE_KERNEL_DIR:-$(bash "$here/../versatile/build-kernel.sh" | tail -n 1)}
	cmd=(qemu-system-arm -M versatilepb -cpu arm1176 -m 256
		-kernel "$kdir/zImage" -dtb "$kdir/versatile-pb.dtb"
		-append "root=/dev/sda2 rootfstype=ext4 rootwait panic=1 console=ttyAMA0 ${APPEND:-}"
		-drive "file=$tmp/overlay.qcow2,format=qcow2" -nic "user,model=smc91c111,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22"
		-audiodev none,id=snd0 -global pl041.audiodev=snd0 -serial stdio -display none -monitor none -no-reboot)
	;;
*)
	log "unknown board $board"
	exit 2
	;;
esac

log "${cmd[*]}"
start=$(date +%s.%N)
"${cmd[@]}" </dev/null >"$tmp/console.log" 2>&1 &
qemu_pid=$!

# QEMU's user network accepts a connection before the guest listens: only the banner counts.
banner=''
while [ -z "$banner" ]; do
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
		log "QEMU exited before the banner"
		tail -n 40 "$tmp/console.log" >&2
		exit 1
	fi
	if [ "$(echo "$(date +%s.%N) - $start > $timeout" | bc)" = 1 ]; then
		log "no SSH banner in $timeout s; console:"
		tail -n 40 "$tmp/console.log" >&2
		exit 1
	fi
	banner=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 64 <&3 | head -n 1" 2>/dev/null | grep -a '^SSH-2.0-' || true)
	[ -n "$banner" ] || sleep 0.5
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
log "banner after $(printf '%.1f' "$elapsed") s: $banner"

ssh_opts=(-i "$tmp/key" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=30)
[ -z "${SSH_USER:-}" ] || ssh "${ssh_opts[@]}" "$SSH_USER@127.0.0.1" 'id; hostname'
ssh -i "$tmp/key" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
	-o ConnectTimeout=30 root@127.0.0.1 "${CMD:-uname -a; cat /etc/hostname; poweroff}" || true
for _ in $(seq 1 60); do
	kill -0 "$qemu_pid" 2>/dev/null || break
	# versatilepb has no power-off device: its kernel halts and QEMU stays; end QEMU then.
	if grep -q 'reboot: System halted' "$tmp/console.log"; then
		kill "$qemu_pid"
		log "the guest halted (no power-off device): QEMU ended"
	fi
	sleep 1
done
if kill -0 "$qemu_pid" 2>/dev/null; then
	log "QEMU still running 60 s after poweroff; console tail:"
	tail -n 15 "$tmp/console.log" >&2
	exit 1
fi
wait "$qemu_pid" || true
qemu_pid=''
log "QEMU exited after poweroff; console tail:"
tail -n 8 "$tmp/console.log" >&2
printf '%s %.1f\n' "$board" "$elapsed"
