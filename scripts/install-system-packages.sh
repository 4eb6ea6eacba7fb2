#!/usr/bin/env bash
# The Debian packages rpi and its tests need. Runs apt-get as root (sudo when not root).
set -euo pipefail
packages=(
  docker.io          # the engine machines run in
  qemu-system-arm    # qemu-system-arm and qemu-system-aarch64 (the local runtime, the tests' hand-run boots)
  qemu-utils         # qemu-img: overlays
  mtools             # FAT edits without mounting
  dosfstools         # mkfs.vfat for the test image
  e2fsprogs          # debugfs, resize2fs, mkfs.ext4, e2fsck
  fdisk              # sfdisk
  debootstrap        # the local Debian base image (no registry needed)
  openssh-client     # rpi ssh, and powering guests off
  iproute2
  cpio               # the test image's initramfs
  device-tree-compiler # fdtput: the test image's raspi2b dtb fix
  time               # /usr/bin/time -v: the benchmark's peak RSS
  xz-utils
  unzip
  zip                # the tests' zipped images
  ca-certificates
  # The versatilepb test kernel, built from Debian's source (versatile/build-kernel.sh):
  linux-source-6.1 gcc-arm-linux-gnueabi make flex bison bc libssl-dev libelf-dev gcc libc6-dev perl
)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
