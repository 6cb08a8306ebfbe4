#!/usr/bin/env bash
# Builds <service>:<version> for every service (or those named) from images/Dockerfile, on the
# fast-jars `make build` leaves in services/<service>/target/quarkus-app. Never runs Maven.
#
# Usage: images/build-images.sh [catalog|orders|gateway|logs|log-agent|batch ...]
#   VERSION     image tag; default the project version from the root pom.xml (never "latest")
#   BASE_IMAGE  Java 25 runtime image; default images/base-images.sh's JRE_IMAGE, Debian's openjdk-25,
#               which base-images.sh builds here (mmdebstrap, no registry) when it is missing
#   PLATFORMS   with PUSH_TO: build for these (linux/amd64,linux/arm64) with docker buildx and push
#               <PUSH_TO>/<service>:<version>, one manifest list for them all (make up with REGISTRY);
#               needs a BASE_IMAGE in a registry that holds every one of them
# Uses docker, or podman when docker is absent.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
DOCKERFILE=$ROOT/images/Dockerfile

die() { echo "build-images: $*" >&2; exit 1; }

services=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *)
      [[ " ${IMAGE_SERVICES[*]} " == *" $arg "* ]] || die "unknown service '$arg' (one of: ${IMAGE_SERVICES[*]})"
      services+=("$arg") ;;
  esac
done
[ "${#services[@]}" -gt 0 ] || services=("${IMAGE_SERVICES[@]}")

engine=$(container_engine)
[ -n "$engine" ] || die "neither docker nor podman is installed: apt-get install docker.io (or podman)"
"$engine" info >/dev/null 2>&1 \
  || die "$engine is not running: start it (docker: 'dockerd > /tmp/dockerd.log 2>&1 &')"

version=${VERSION:-$(project_version)}
[ -n "$version" ] || die "no <version> found in $ROOT/pom.xml: set VERSION"
[ "$version" != latest ] || die "VERSION=latest is not allowed: tag images with a real version"
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "VERSION '$version' is not a valid image tag"

for svc in ${services[@]+"${services[@]}"}; do
  [ -f "$ROOT/services/$svc/target/quarkus-app/quarkus-run.jar" ] \
    || die "services/$svc/target/quarkus-app is missing: run make build first"
done

platforms=${PLATFORMS:-}
if [ -n "$platforms" ]; then
  [ -n "${PUSH_TO:-}" ] || die "PLATFORMS needs PUSH_TO, the registry to push to: images for another CPU cannot be loaded here"
  if [ "$engine" != docker ] || ! docker buildx version >/dev/null 2>&1; then
    die "building for $platforms needs docker buildx: apt-get install docker-buildx (Debian 13), or Docker Desktop"
  fi
fi

# The Debian-built base exists only where base-images.sh made it: built here when missing. Another
# BASE_IMAGE must be local already or pullable. A multi-platform build pulls it per platform itself,
# from a registry, where the Debian-built one (one architecture, on this machine) is not.
debian_base=$(sed -n 's/^JRE_IMAGE=//p' "$ROOT/images/base-images.sh")
base=${BASE_IMAGE:-$debian_base}
if [ -n "$platforms" ]; then
  [ "$base" != "$debian_base" ] || die "building for $platforms needs BASE_IMAGE, a Java 25 image in a registry for each of them: run images/base-images.sh jre on a machine of each architecture, push the images and join them with docker buildx imagetools create"
elif ! "$engine" image inspect "$base" >/dev/null 2>&1; then
  if [ "$base" = "$debian_base" ]; then
    [ "$engine" = docker ] || die "$base is missing and images/base-images.sh builds it with docker: install docker.io, or pass a BASE_IMAGE"
    "$ROOT/images/base-images.sh" jre
  else
    echo "build-images: $base is not present locally, pulling it ..."
    # Bounded: an unreachable registry can otherwise keep a pull waiting for minutes.
    bounded 120 "$engine" pull "$base" >/dev/null 2>&1 \
      || die "cannot get base image $base (no registry reachable?): leave BASE_IMAGE unset to build Debian's ($debian_base) here"
  fi
fi

revision=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
summary=()
for svc in ${services[@]+"${services[@]}"}; do
  image=$svc:$version
  # The AOT training run (images/aot-train.sh) of a command (a Picocli module: batch) is its usage.
  training=()
  if grep -q '<artifactId>quarkus-picocli</artifactId>' "$ROOT/services/$svc/pom.xml"; then
    training=(--build-arg TRAINING_ARGS=--help)
  fi
  echo "build-images: building $image on $base${platforms:+ for $platforms, pushed to $PUSH_TO} ..."
  start=$SECONDS
  if [ -n "$platforms" ]; then
    docker buildx build --platform "$platforms" --push --file "$DOCKERFILE" \
      --build-arg BASE_IMAGE="$base" --build-arg SERVICE="$svc" --build-arg VERSION="$version" \
      --build-arg REVISION="$revision" ${training[@]+"${training[@]}"} --tag "$PUSH_TO/$image" "$ROOT"
    summary+=("$(printf '%-24s %6ss %9s' "$image" "$((SECONDS - start))" pushed)")
    continue
  fi
  "$engine" build --file "$DOCKERFILE" \
    --build-arg BASE_IMAGE="$base" \
    --build-arg SERVICE="$svc" \
    --build-arg VERSION="$version" \
    --build-arg REVISION="$revision" \
    ${training[@]+"${training[@]}"} \
    --tag "$image" "$ROOT"
  size=$("$engine" image inspect --format '{{.Size}}' "$image")
  summary+=("$(printf '%-24s %6ss %6d MB' "$image" "$((SECONDS - start))" "$((size / 1000 / 1000))")")
done

printf '%-24s %7s %9s\n' IMAGE BUILD SIZE
printf '%s\n' ${summary[@]+"${summary[@]}"}
