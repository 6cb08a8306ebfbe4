#!/usr/bin/env bash
# Fails early, with one line saying how to fix it, when docker cannot be used.
set -euo pipefail
command -v docker >/dev/null || { echo "docker is missing: apt-get install docker.io (or podman)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker is not running: start it with 'dockerd > /tmp/dockerd.log 2>&1 &' (or systemctl start docker)" >&2; exit 1; }
