#!/usr/bin/env bash
# make registry: an image registry on this host, for clusters whose nodes cannot get the images from
# this machine's Docker (more than one node, or any cluster but kind and a single k3s node).
#   registry.sh start    Debian's docker-registry when installed (apt-get install docker-registry),
#                        else the $REGISTRY_IMAGE container; on REGISTRY_LISTEN (127.0.0.1:5000; give
#                        0.0.0.0:5000 for other machines' nodes), its data in REGISTRY_DIR
#                        (target/registry). Does nothing when one already answers there.
#   registry.sh stop     stops the one start started.
# Plain HTTP: Docker and containerd accept that for 127.0.0.1; other hosts must be named insecure
# (docs/beyond-one-machine.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/cluster/versions.sh
. "$ROOT/scripts/cluster/versions.sh"

REGISTRY_LISTEN=${REGISTRY_LISTEN:-127.0.0.1:5000}
REGISTRY_DIR=${REGISTRY_DIR:-$ROOT/target/registry}
CONTAINER=quarkus-k8s-platform-registry

die() { echo "registry: $*" >&2; exit 1; }

answers() { # host:port
  curl -fsS --max-time 2 -o /dev/null "http://$1/v2/" 2>/dev/null
}

# What clients dial: a registry listening on every address is reached here on 127.0.0.1.
dialed() {
  echo "${REGISTRY_LISTEN/#0.0.0.0:/127.0.0.1:}"
}

start() {
  local address
  address=$(dialed)
  if answers "$address"; then
    echo "registry: one answers on $address already: keeping it"
    return
  fi
  mkdir -p "$REGISTRY_DIR/data"
  if command -v docker-registry >/dev/null 2>&1; then
    cat > "$REGISTRY_DIR/config.yml" <<CONFIG
version: 0.1
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_LISTEN
CONFIG
    docker-registry serve "$REGISTRY_DIR/config.yml" > "$REGISTRY_DIR/registry.log" 2>&1 &
    echo $! > "$REGISTRY_DIR/registry.pid"
  else
    command -v docker >/dev/null 2>&1 || die "neither docker-registry nor docker is installed: apt-get install docker-registry, or install Docker"
    docker rm --force "$CONTAINER" >/dev/null 2>&1 || true
    docker run --detach --name "$CONTAINER" --restart unless-stopped --publish "$REGISTRY_LISTEN:5000" \
      --volume "$REGISTRY_DIR/data:/var/lib/registry" "$REGISTRY_IMAGE" >/dev/null
  fi
  for _ in $(seq 1 50); do
    answers "$address" && { echo "registry: answering on $address (data in $REGISTRY_DIR)"; return; }
    sleep 0.2
  done
  die "nothing answered on $address within 10 s; see $REGISTRY_DIR/registry.log or docker logs $CONTAINER"
}

stop() {
  if [ -f "$REGISTRY_DIR/registry.pid" ]; then
    kill "$(cat "$REGISTRY_DIR/registry.pid")" 2>/dev/null || true
    rm -f "$REGISTRY_DIR/registry.pid"
    echo "registry: stopped"
  elif docker rm --force "$CONTAINER" >/dev/null 2>&1; then
    echo "registry: stopped container $CONTAINER"
  else
    echo "registry: none was started here"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: registry.sh start|stop" ;;
esac
