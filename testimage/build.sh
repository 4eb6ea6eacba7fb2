#!/usr/bin/env bash
# Builds the rpi test image: a 128 MiB SD-card image in Raspberry Pi OS layout (MBR, p1 FAT32
# "bootfs" at sector 8192, p2 ext4 "rootfs") with Debian bookworm's armmp/arm64 kernels, small
# initramfs files, and an armel busybox + dropbear root (armel runs on ARMv6 too: versatilepb's arm1176). Nothing is mounted; root is needed for apt and
# for the file ownership inside the ext4 (a warm cache needs neither).
#
# Usage: bash testimage/build.sh        → the image's absolute path is the LAST stdout line.
# Cache: ${RPI_CACHE_DIR:-$HOME/.cache/rpi}/testimage/<hash>.img, hash of the builder files and
# the exact package versions; .debs are kept in debs/ beside it. Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${RPI_CACHE_DIR:-$HOME/.cache/rpi}/testimage
debs=$cache/debs

# Image geometry in 512-byte sectors: 128 MiB disk, 64 MiB boot, the rest root.
readonly disk_mib=128 boot_start=8192 boot_sectors=131072
readonly root_start=$((boot_start + boot_sectors))
readonly root_sectors=$((disk_mib * 2048 - root_start))

readonly kernel_meta=(linux-image-armmp:armhf linux-image-arm64:arm64)
# The userland is armel (ARMv5TE, EABI): it runs on ARMv6 (versatilepb's arm1176), ARMv7 and
# arm64 (COMPAT) alike; armhf needs ARMv7.
readonly userland_arch=armel
readonly userland=(busybox-static dropbear-bin libc6 libcrypt1 libtomcrypt1 libtommath1 zlib1g libgcc-s1 libgmp10)
# Applets linked at build time (the builder cannot run the ARM busybox); rcS installs the rest.
readonly applets_bin=(sh ash mount umount mkdir awk tail head tr sed grep mv rm cat hostname
	printf echo sleep ip netstat killall sync ls cp ln chmod chown ps kill df uname vi
	id su login passwd date dmesg od more less touch)
readonly applets_sbin=(init getty poweroff reboot halt ifconfig route udhcpc)

log() { printf 'testimage: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# Installs the host tools the build uses when they are missing (Debian package names).
ensure_tools() {
	local missing=() pair
	for pair in sfdisk:fdisk mkfs.vfat:dosfstools mcopy:mtools mkfs.ext4:e2fsprogs cpio:cpio gzip:gzip fdtput:device-tree-compiler; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "${pair%%:*}" >/dev/null 2>&1 ||
			missing+=("${pair#*:}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing host tools: ${missing[*]}"
	apt-get install -y -q "${missing[@]}" >&2
}

# Makes apt know the armhf and arm64 (kernels) and armel (userland) archives (needs root, only
# the first time).
ensure_arches() {
	local have
	have=$(dpkg --print-foreign-architectures)
	if ! grep -qx armhf <<<"$have" || ! grep -qx arm64 <<<"$have" || ! grep -qx armel <<<"$have"; then
		log "adding dpkg architectures armhf, arm64 and armel, then apt-get update"
		dpkg --add-architecture armhf
		dpkg --add-architecture arm64
		dpkg --add-architecture armel
		apt-get update -q >&2 || log "apt-get update reported errors; going on with what it fetched"
	fi
}

# Prints "package arch version" lines for every .deb the image is made of (apt's candidates).
# apt-cache is slow (seconds), so the answer is kept per state of apt's lists and per question
# (other checkouts sharing the cache may ask for other packages).
resolve_packages() {
	local stamp file meta abi
	stamp=$( (
		echo "${kernel_meta[*]} $userland_arch ${userland[*]}"
		dpkg --print-foreign-architectures
		ls -l --time-style=+%s /var/lib/apt/lists/ 2>/dev/null
	) | sha256sum | cut -c1-16)
	file=$cache/resolved-$stamp.txt
	if [ -s "$file" ]; then
		cat "$file"
		return 0
	fi
	meta=$(apt-cache show --no-all-versions "${kernel_meta[@]}" 2>/dev/null) || {
		log "apt does not know ${kernel_meta[*]}: apt-get update"
		apt-get update -q >&2 || log "apt-get update reported errors; going on with what it fetched"
		meta=$(apt-cache show --no-all-versions "${kernel_meta[@]}")
	}
	# The meta packages depend on the ABI package (linux-image-6.1.0-NN-armmp) holding the kernel.
	abi=$(awk -F': ' '/^Architecture:/ { arch = $2 }
		/^Depends:/ { n = split($2, d, /, */); for (i = 1; i <= n; i++) if (d[i] ~ /^linux-image-[0-9]/) { split(d[i], p, " "); print p[1] ":" arch } }' <<<"$meta")
	[ "$(wc -l <<<"$abi")" -eq 2 ] || die "cannot find the kernel packages behind ${kernel_meta[*]}"
	# shellcheck disable=SC2046,SC2086 # word splitting of the package lists is wanted
	apt-cache show --no-all-versions $abi $(printf "%s:$userland_arch " "${userland[@]}") |
		awk -F': ' '/^Package:/ { p = $2 } /^Architecture:/ { a = $2 } /^Version:/ { v = $2 } /^$/ { if (p) print p, a, v; p = "" } END { if (p) print p, a, v }' |
		sort >"$file.tmp"
	[ "$(wc -l <"$file.tmp")" -eq $((2 + ${#userland[@]})) ] || die "apt did not resolve every package: $(tr '\n' ' ' <"$file.tmp")"
	mv "$file.tmp" "$file"
	cat "$file"
}

# Hash of the builder's own files (not its README or boot check) and the package versions: the cache key.
image_key() {
	local packages=$1
	(
		cd "$here"
		find build.sh modules.list initramfs rootfs -type f | LC_ALL=C sort | while read -r f; do
			printf '%s\n' "$f"
			cat "$f"
		done
		printf '%s\n' "$packages"
	) | sha256sum | cut -c1-16
}

deb_path() { # package arch version
	printf '%s/%s_%s_%s.deb' "$debs" "$1" "${3//:/%3a}" "$2"
}

download_debs() {
	local packages=$1 name arch version
	mkdir -p "$debs"
	while read -r name arch version; do
		[ -s "$(deb_path "$name" "$arch" "$version")" ] && continue
		log "downloading $name:$arch $version"
		(cd "$debs" && apt-get download -q "$name:$arch=$version") >&2
	done <<<"$packages"
}

# Prints the .ko paths of the wanted modules in load order, each after its depends=.
resolve_modules() { # module-tree-dir
	local tree=$1 line
	declare -A path=() seen=()
	local f base
	while read -r f; do
		base=${f##*/}
		base=${base%.ko}
		path[${base//-/_}]=$f
	done < <(find "$tree" -name '*.ko')
	visit() {
		local name=${1//-/_} optional=$2 deps dep
		[ -n "${seen[$name]:-}" ] && return 0
		if [ -z "${path[$name]:-}" ]; then
			[ "$optional" = yes ] && return 0
			die "kernel module $name not found under $tree"
		fi
		seen[$name]=1
		deps=$(tr '\0' '\n' <"${path[$name]}" | sed -n 's/^depends=//p' | head -n 1)
		for dep in ${deps//,/ }; do visit "$dep" no; done
		printf '%s\n' "${path[$name]}"
	}
	while read -r line; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[ -n "$line" ] || continue
		if [ "${line%\?}" != "$line" ]; then visit "${line%\?}" yes; else visit "$line" no; fi
	done <"$here/modules.list"
}

# Writes a gzip'ed newc cpio: busybox, /init, the kernel's modules from modules.list.
make_initramfs() { # kernel-package-dir busybox out
	local kdir=$1 busybox=$2 out=$3 stage ko
	stage=$(mktemp -d "$work/initramfs.XXXXXX")
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,newroot,lib/modules}
	install -m 755 "$busybox" "$stage/bin/busybox"
	install -m 755 "$here/initramfs/init" "$stage/init"
	: >"$stage/lib/modules/load-order"
	resolve_modules "$(echo "$kdir"/lib/modules/*/kernel)" >"$stage.modules"
	while read -r ko; do
		cp "$ko" "$stage/lib/modules/"
		basename "$ko" .ko >>"$stage/lib/modules/load-order"
	done <"$stage.modules"
	log "$(basename "$out"): $(wc -l <"$stage/lib/modules/load-order") modules"
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$out"
}

make_root() { # userland-dir root-dir disk-id
	local pkgs=$1 root=$2 id=$3 a
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,etc/dropbear,dev,proc,sys,tmp,run,mnt,boot/firmware,var/log}
	chmod 1777 "$root/tmp"
	mkdir -p "$root"/{root/.ssh,home/pi/.ssh}
	cp -a "$pkgs/lib/." "$root/lib/"
	[ -d "$pkgs/usr/lib" ] && cp -a "$pkgs/usr/lib" "$root/usr/"
	rm -rf "$root"/usr/lib/*/gconv "$root/usr/lib/dropbear"
	install -m 755 "$pkgs/bin/busybox" "$root/bin/busybox"
	install -m 755 "$pkgs/usr/sbin/dropbear" "$root/usr/sbin/dropbear"
	install -m 755 "$pkgs/usr/bin/dropbearkey" "$root/usr/bin/dropbearkey"
	for a in "${applets_bin[@]}"; do ln -s busybox "$root/bin/$a"; done
	for a in "${applets_sbin[@]}"; do ln -s ../bin/busybox "$root/sbin/$a"; done
	ln -s /run "$root/var/run"
	cp -a "$here/rootfs/." "$root/"
	chmod 755 "$root/etc/init.d/rcS" "$root/etc/init.d/rcK" "$root/usr/share/udhcpc/default.script"
	cat >"$root/etc/fstab" <<-EOF
		proc                  /proc           proc    defaults          0       0
		PARTUUID=$id-01  /boot/firmware  vfat    defaults          0       2
		PARTUUID=$id-02  /               ext4    defaults,noatime  0       1
	EOF
	chown -R 0:0 "$root"
	chmod 600 "$root/etc/shadow"
	chmod 700 "$root/root" "$root/root/.ssh" "$root/home/pi/.ssh"
	chmod 755 "$root/home/pi"
	chown -R 1000:1000 "$root/home/pi"
}

build() { # key packages out
	local key=$1 packages=$2 out=$3 name arch version id boot root k7 k8 pkgs img
	id=${key:0:8}
	[ "$id" != 00000000 ] || id=0badc0de
	k7=$work/k7 k8=$work/k8 pkgs=$work/pkgs boot=$work/boot root=$work/root img=$work/image.img
	mkdir -p "$k7" "$k8" "$pkgs" "$boot" "$root"
	log "extracting packages"
	while read -r name arch version; do
		case "$name" in
		linux-image-*-armmp) dpkg-deb -x "$(deb_path "$name" "$arch" "$version")" "$k7" ;;
		linux-image-*-arm64) dpkg-deb -x "$(deb_path "$name" "$arch" "$version")" "$k8" ;;
		*) dpkg-deb -x "$(deb_path "$name" "$arch" "$version")" "$pkgs" ;;
		esac
	done <<<"$packages"

	log "boot partition files"
	cp "$k7"/boot/vmlinuz-* "$boot/kernel7.img"
	# QEMU's aarch64 -kernel and the Pi firmware want the raw Image, not a gzip'ed one.
	if [ "$(od -An -tx1 -N2 "$k8"/boot/vmlinuz-* | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$k8"/boot/vmlinuz-* >"$boot/kernel8.img"
	else
		cp "$k8"/boot/vmlinuz-* "$boot/kernel8.img"
	fi
	cp "$(find "$k7/usr/lib" -name bcm2836-rpi-2-b.dtb | head -n 1)" "$boot/"
	# QEMU's raspi2b never completes the sdhost's DMA requests (the SD card times out, no root);
	# without "dmas" the bcm2835 mmc driver does PIO, and raspi2b boots.
	fdtput -d "$boot/bcm2836-rpi-2-b.dtb" /soc/mmc@7e202000 dmas
	fdtput -d "$boot/bcm2836-rpi-2-b.dtb" /soc/mmc@7e202000 dma-names
	cp "$(find "$k8/usr/lib" -path '*/broadcom/bcm2837-rpi-3-b.dtb' | head -n 1)" "$boot/"
	make_initramfs "$k7" "$pkgs/bin/busybox" "$boot/initramfs7"
	make_initramfs "$k8" "$pkgs/bin/busybox" "$boot/initramfs8"
	echo "console=serial0,115200 root=PARTUUID=$id-02 rootfstype=ext4 rootwait" >"$boot/cmdline.txt"
	cat >"$boot/config.txt" <<-EOF
		# rpi test image: Raspberry Pi OS boot layout
		# kernelN.img boots with initramfsN (auto_initramfs), as on Raspberry Pi OS.
		auto_initramfs=1
		enable_uart=1
		disable_overscan=1
		[pi4]
		arm_64bit=1
		[all]
	EOF

	log "root filesystem"
	make_root "$pkgs" "$root" "$id"

	log "disk image"
	truncate -s "${disk_mib}M" "$img"
	sfdisk -q "$img" >&2 <<-EOF
		label: dos
		label-id: 0x$id
		unit: sectors
		start=$boot_start, size=$boot_sectors, type=c
		start=$root_start, size=$root_sectors, type=83
	EOF
	# mkfs.vfat warns about the given block count (it is meant) and the lowercase label (as Pi OS).
	mkfs.vfat -F 32 -s 1 -n bootfs -i "$id" --offset "$boot_start" -h "$boot_start" "$img" $((boot_sectors / 2)) \
		>"$work/mkfs.vfat.log" 2>&1 || die "mkfs.vfat failed: $(cat "$work/mkfs.vfat.log")"
	MTOOLS_SKIP_CHECK=1 mcopy -i "$img@@$((boot_start * 512))" "$boot"/* ::/
	truncate -s $((root_sectors * 512)) "$work/root.ext4"
	mkfs.ext4 -q -F -d "$root" -L rootfs -O ^orphan_file,^metadata_csum_seed \
		-U "$id-0000-4000-8000-$(printf '%012d' 2)" "$work/root.ext4"
	dd if="$work/root.ext4" of="$img" bs=512 seek="$root_start" conv=notrunc,sparse status=none
	mv "$img" "$out"
}

main() {
	local packages key img start
	start=$(date +%s)
	mkdir -p "$cache"
	if [ "$(id -u)" -eq 0 ]; then
		ensure_tools
		ensure_arches
	fi
	packages=$(resolve_packages)
	key=$(image_key "$packages")
	img=$cache/$key.img
	if [ ! -s "$img" ]; then
		exec 9>"$cache/.lock"
		flock 9
		if [ ! -s "$img" ]; then
			[ "$(id -u)" -eq 0 ] || die "building the image needs root (file ownership in the ext4 root)"
			download_debs "$packages"
			work=$(mktemp -d "$cache/build.XXXXXX")
			trap 'rm -rf "$work"' EXIT
			build "$key" "$packages" "$work/out.img"
			mv "$work/out.img" "$img"
			log "built $img in $(($(date +%s) - start)) s"
		fi
	fi
	printf '%s\n' "$img"
}

main "$@"
