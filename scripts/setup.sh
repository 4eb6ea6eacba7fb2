#!/usr/bin/env bash
# A fresh Debian machine → a Pi answering SSH: installs what rpi needs, builds the demo image from
# Debian packages (the builder the tests use), and brings up examples/demo with `rpi up`.
# Run as root, or as a user with sudo who is in the docker group.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

scripts/install-system-packages.sh
scripts/start-docker.sh
npm ci --no-audit --no-fund
npm run build
docker/make-base.sh # the emulator image's Debian base, made locally (no registry needed)

echo "setup: building the demo image from Debian packages (cached after the first time)"
cache="${RPI_CACHE_DIR:-$HOME/.cache/rpi}"
image=$($sudo env RPI_CACHE_DIR="$cache" bash testimage/build.sh | tail -n 1)
ln -sf "$image" examples/demo/images/rpi-test.img

rpi="node bin/rpi.js -f examples/demo/rpi.yml"
$rpi up
$rpi status
$rpi ssh pi -- 'echo "hello from $(hostname): $(uname -sm)"'
cat <<MSG

The demo Pi answers SSH. Try:
  $rpi ssh pi            # a shell on the Pi
  $rpi logs pi           # its console
  $rpi down --volumes    # power it off and remove it
Run the tests with: npm test
MSG
