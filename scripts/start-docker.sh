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
  # A dockerd killed hard leaves its pid file, and a new one refuses to start while it is there.
  # (A killed daemon may linger as a zombie where nothing reaps orphans: that counts as gone.)
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    if [ -z "$pid" ] || [ -z "$state" ] || [ "$state" = Z ]; then
      echo "docker: removing the stale $pidfile"
      $sudo rm -f "$pidfile"
    fi
  done
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
