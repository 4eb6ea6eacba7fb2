#!/usr/bin/env bash
# Builds a kernel and device tree for QEMU's versatilepb with `-cpu arm1176` (the old tool's
# board; Debian ships no versatile kernel): Debian's linux-source-6.1, the armel cross compiler,
# versatile_defconfig switched to ARMv6 plus versatile/kernel.config (everything built in).
#
# Usage: bash versatile/build-kernel.sh  → the folder holding zImage and versatile-pb.dtb is the
# LAST stdout line; progress goes to stderr.
# Cache: ${RPI_CACHE_DIR:-$HOME/.cache/rpi}/versatile-kernel/<hash>/, the hash covering this
# script, kernel.config, the linux-source-6.1 version and the compiler's version. A cold build
# needs root only to install missing packages (apt).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${RPI_CACHE_DIR:-$HOME/.cache/rpi}/versatile-kernel
readonly source_package=linux-source-6.1
readonly cross=arm-linux-gnueabi-
readonly jobs=${RPI_KERNEL_JOBS:-$(nproc)}

log() { printf 'versatile-kernel: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# Installs the source and the build tools when missing (Debian package names; needs root).
ensure_packages() {
	local missing=() pair
	for pair in "/usr/src/$source_package.tar.xz:$source_package" "/usr/bin/${cross}gcc:gcc-arm-linux-gnueabi" \
		/usr/bin/make:make /usr/bin/flex:flex /usr/bin/bison:bison /usr/bin/bc:bc /usr/bin/xz:xz-utils \
		/usr/include/openssl/opensslv.h:libssl-dev /usr/include/gelf.h:libelf-dev /usr/bin/gcc:gcc \
		/usr/include/stdio.h:libc6-dev /usr/bin/perl:perl; do
		[ -e "${pair%%:*}" ] || missing+=("${pair#*:}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (install them as root): ${missing[*]}"
	log "installing ${missing[*]}"
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
		apt-get update -q >&2 || log "apt-get update reported errors; going on with what it fetched"
		apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	}
}

# The cache key: this builder, the config fragment, the source version and the compiler.
kernel_key() {
	(
		cat "$here/build-kernel.sh" "$here/kernel.config"
		dpkg-query -W -f='${Package} ${Version}\n' "$source_package"
		"${cross}gcc" --version | head -n 1
	) | sha256sum | cut -c1-16
}

# Fails unless every line of kernel.config holds in the final .config.
check_config() { # .config
	local config=$1 line name value bad=()
	while read -r line; do
		line=${line%%#*}
		[ -n "${line// /}" ] || continue
		name=${line%%=*} value=${line#*=}
		if [ "$value" = n ]; then
			grep -q "^$name=" "$config" && bad+=("$line (got $(grep "^$name=" "$config"))")
		else
			grep -qxF "$name=$value" "$config" || bad+=("$line (got $(grep -E "^$name=|^# $name is not set" "$config" || echo absent))")
		fi
	done <"$here/kernel.config"
	[ ${#bad[@]} -eq 0 ] || die "the kernel config does not hold: ${bad[*]}"
}

build() { # work-dir out-dir
	local work=$1 out=$2 src
	log "extracting $source_package"
	tar -xJf "/usr/src/$source_package.tar.xz" -C "$work"
	src=$work/$source_package
	# ARCH_VERSATILE is ARMv5-only upstream; the platform code is all device tree and works on
	# ARMv6, which QEMU's arm1176 needs (the old tool's kernels carried the same change).
	sed -i -e 's/^\tdepends on ARCH_MULTI_V5$/\tdepends on ARCH_MULTI_V5 || ARCH_MULTI_V6/' \
		-e 's/^\tselect CPU_ARM926T$/\tselect CPU_ARM926T if ARCH_MULTI_V5/' "$src/arch/arm/mach-versatile/Kconfig"
	grep -q 'ARCH_MULTI_V5 || ARCH_MULTI_V6' "$src/arch/arm/mach-versatile/Kconfig" ||
		die "arch/arm/mach-versatile/Kconfig has changed: cannot enable ARMv6"
	local kmake=(make -C "$src" ARCH=arm CROSS_COMPILE="$cross" KBUILD_BUILD_USER=rpi KBUILD_BUILD_HOST=rpi)
	log "configuring (versatile_defconfig + kernel.config)"
	"${kmake[@]}" -s versatile_defconfig >&2
	# merge_config.sh wants "# CONFIG_X is not set" for "no".
	sed -E 's/^(CONFIG_[A-Za-z0-9_]+)=n$/# \1 is not set/' "$here/kernel.config" >"$work/fragment.config"
	(cd "$src" && ARCH=arm CROSS_COMPILE=$cross scripts/kconfig/merge_config.sh -m .config "$work/fragment.config") \
		>"$work/merge.log" 2>&1 || die "merge_config.sh failed: $(cat "$work/merge.log")"
	"${kmake[@]}" -s olddefconfig >&2
	check_config "$src/.config"
	log "building zImage and versatile-pb.dtb with $jobs jobs"
	"${kmake[@]}" -s -j"$jobs" zImage versatile-pb.dtb >&2
	mkdir -p "$out"
	cp "$src/arch/arm/boot/zImage" "$src/arch/arm/boot/dts/versatile-pb.dtb" "$src/.config" "$out/"
}

work=''
main() {
	local key dir start
	start=$(date +%s)
	ensure_packages
	key=$(kernel_key)
	dir=$cache/$key
	if [ ! -s "$dir/zImage" ] || [ ! -s "$dir/versatile-pb.dtb" ]; then
		mkdir -p "$cache"
		exec 9>"$cache/.lock"
		flock 9
		if [ ! -s "$dir/zImage" ] || [ ! -s "$dir/versatile-pb.dtb" ]; then
			work=$(mktemp -d "$cache/build.XXXXXX")
			trap 'rm -rf "${work:-}"' EXIT
			trap 'exit 1' INT TERM
			build "$work" "$work/out"
			rm -rf "$dir"
			mv "$work/out" "$dir"
			log "built $dir in $(($(date +%s) - start)) s"
		fi
	fi
	printf '%s\n' "$dir"
}

main "$@"
