#!/usr/bin/env bash
# Starts the Docker engine when none answers: systemd where it runs, else dockerd in the background.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  echo "docker: engine answers"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if [ -d /run/systemd/system ] && $sudo systemctl start docker 2>/dev/null; then
  :
else
  echo "docker: starting dockerd in the background (log: /tmp/dockerd.log)"
  $sudo sh -c 'nohup dockerd >/tmp/dockerd.log 2>&1 &'
fi
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker: engine answers"
    exit 0
  fi
  sleep 1
done
echo "docker: the engine did not answer within 60 s; see /tmp/dockerd.log" >&2
exit 1
