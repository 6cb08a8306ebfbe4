#!/usr/bin/env bash
# Fails early, with one line saying how to fix it, when docker cannot be used.
set -euo pipefail
command -v docker >/dev/null || { echo "docker is missing: install Docker (Linux: apt-get install docker.io; macOS: Docker Desktop, colima, OrbStack or Rancher Desktop)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker is not running: start it (Linux: systemctl start docker, or dockerd > /tmp/dockerd.log 2>&1 &; macOS: start Docker Desktop or colima start)" >&2; exit 1; }
