#!/usr/bin/env bash
# Creates the emulator image's base locally, for engines that cannot pull from a registry:
# debootstrap a minimal Debian trixie and `docker import` it under the name the Dockerfile's FROM uses.
# Idempotent: does nothing when the image already exists. Needs root (debootstrap) and a Docker engine.
#
#   docker/make-base.sh [IMAGE]      IMAGE defaults to debian:trixie-slim
#   env: RPI_DEBIAN_MIRROR (default http://deb.debian.org/debian), RPI_DEBIAN_SUITE (default trixie)
set -euo pipefail

image="${1:-debian:trixie-slim}"
suite="${RPI_DEBIAN_SUITE:-trixie}"
mirror="${RPI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "make-base: $image already present, nothing to do"
  exit 0
fi

for tool in debootstrap docker tar; do
  command -v "$tool" >/dev/null || { echo "make-base: $tool is required" >&2; exit 1; }
done
if [ "$(id -u)" -ne 0 ]; then
  echo "make-base: debootstrap needs root; run this script as root (sudo)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/rpi-make-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/root"

echo "make-base: debootstrap --variant=minbase $suite from $mirror (about a minute)"
start=$(date +%s)
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  echo "make-base: debootstrap failed" >&2
  exit 1
}

# apt inside the image must work during a later `docker build`: give it sources in both the classic
# and the deb822 form trixie prefers (only one is kept), and drop the host's resolver config.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
: >"$root/etc/resolv.conf"
# Build-time apt should not drag in recommends or keep package lists.
cat >"$root/etc/apt/apt.conf.d/90rpi-minimal" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT
apt_clean_root() { rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb; }
apt_clean_root

echo "make-base: importing the root filesystem as $image"
tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$image" >/dev/null
echo "make-base: created $image in $(( $(date +%s) - start )) s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1000000}'))"
