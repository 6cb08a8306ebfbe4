#!/usr/bin/env bash
# Builds the platform's base images from Debian packages, with no container registry: mmdebstrap
# makes a root filesystem, `docker import` turns it into an image. One Debian suite per image family:
# Java from trixie (Debian 13), the first with openjdk-25; the rest from bookworm (Debian 12), whose
# PostgreSQL 15 is the data directory's major version (trixie's 17 would need pg_upgrade), whose
# OpenJDK 17 is the project's build JDK, and nginx beside them.
#   platform-base/jre:25-trixie         Java 25 jlink'ed by trixie's openjdk-25, user app (10001), /deployments
#   platform-base/postgres:15-bookworm  PostgreSQL 15, the official image's env interface, uid 999 or any
#   platform-base/nginx:bookworm        nginx as uid 101 on 8080, fit for a read-only root filesystem
#   platform-base/builder:17-bookworm   OpenJDK 17 and curl: make build in a container where the host has no
#                                       JDK 17; built only when named (base-images.sh builder), which
#                                       scripts/lib.sh's in_builder does when it needs the image
#
# Usage: images/base-images.sh [--force] [jre|postgres|nginx|builder ...]
# Only missing images are built unless --force. MIRROR and SECURITY_MIRROR pick the Debian mirrors.
# shellcheck disable=SC2016 # hooks are single-quoted on purpose: mmdebstrap's sh expands $1 (the chroot)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh" # read_lines
SUITE=bookworm
JRE_SUITE=trixie
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
JRE_IMAGE=platform-base/jre:25-trixie
# What the services use, from `jdeps -s` over every service's jars; java.desktop is there for
# java.beans (Jackson, jakarta.el, the PostgreSQL driver), java.net.http and jdk.httpserver for the
# log agent (it ships with the one and serves its probes with the other), and jdk.zipfs, which jdeps
# cannot see: SmallRye Config reads the jars as file systems by service lookup. The gateway's
# Kubernetes client (fabric8 over Vert.x) needs no more: its jars use java.base, java.desktop and
# java.logging, and TLS with k3s's ECDSA certificates is java.base's since Java 22 (jdk.crypto.ec
# is empty in 25). jdk.jfr no service uses: it is there so that any pod can be profiled with the
# JVM's own Flight Recorder (JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=...), as make bench-http does.
JRE_MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.sql,java.transaction.xa,java.xml,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
PG_IMAGE=platform-base/postgres:15-bookworm
NGINX_IMAGE=platform-base/nginx:bookworm
OFFLINE_BUILDER_IMAGE=platform-base/builder:17-bookworm
# What every image's PATH is: docker import leaves it unset and not every runtime fills it in.
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "base-images: $*" >&2; exit 1; }

force=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    jre | postgres | nginx | builder) wanted+=("$arg") ;;
    -h | --help) sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$arg' (usage: base-images.sh [--force] [jre|postgres|nginx|builder ...])" ;;
  esac
done
[ "${#wanted[@]}" -gt 0 ] || wanted=(jre postgres nginx)

[ "$(uname -s)" = Linux ] \
  || die "the base images are made from Debian packages with mmdebstrap, which runs on Linux: make them on a Linux machine and docker load them here, or set BASE_IMAGE to a Java 25 image"
command -v mmdebstrap >/dev/null 2>&1 || die "mmdebstrap is missing: apt-get install mmdebstrap"
command -v docker >/dev/null 2>&1 || die "docker is missing: apt-get install docker.io"
docker info >/dev/null 2>&1 \
  || die "docker is not running: start it with 'dockerd > /tmp/dockerd.log 2>&1 &' (or 'systemctl start docker')"

sources() { # suite
  printf '%s\n' "deb $MIRROR $1 main" "deb $MIRROR $1-updates main" "deb $SECURITY_MIRROR $1-security main"
}
read_lines SOURCES < <(sources "$SUITE")
read_lines JRE_SOURCES < <(sources "$JRE_SUITE")
# Shared by every image: apt-based minimal system, no Recommends, and no docs, man pages or
# translations (copyright files stay, the licences require them). The dpkg excludes also stay in
# the image, so packages installed on top later stay small too.
COMMON=(
  --variant=apt
  # Merged /usr via symlinks plus usr-is-merged, instead of the usrmerge package and its ~45 MB of perl.
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
  --aptopt='APT::Install-Recommends "false"'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/bug/*'
  # update-alternatives fails when the directory of a man page link is missing (openjdk has some).
  --essential-hook='mkdir -p "$1/usr/share/man/man1"'
)
LABELS=(
  --change "LABEL org.opencontainers.image.vendor=quarkus-k8s-platform"
  --change "LABEL org.opencontainers.image.base.name=debian:$SUITE"
)

# Adds a user and its group with fixed ids by editing the files directly: the passwd package
# (useradd) is not part of the apt variant, and fixed ids are what the manifests rely on.
# Printed as a hook command; $1 is left for mmdebstrap to fill with the chroot path.
add_user_hook() { # name uid home shell
  printf '%s' "grep -q ':$2:' \"\$1/etc/passwd\" \"\$1/etc/group\" && { echo 'uid/gid $2 already taken' >&2; exit 1; };"
  printf '%s' " echo '$1:x:$2:$2:$1:$3:$4' >> \"\$1/etc/passwd\"; echo '$1:x:$2:' >> \"\$1/etc/group\";"
  printf '%s' " if [ -e \"\$1/etc/shadow\" ]; then echo '$1:!:1::::::' >> \"\$1/etc/shadow\"; fi"
}

# Sets what `docker import --change` refuses (STOPSIGNAL, on docker 20.10): a metadata-only build
# on top of the imported image, under the same tag; it adds no layer.
restamp() { # image, Dockerfile instructions
  local image=$1
  shift
  { printf 'FROM %s\n' "$image"; printf '%s\n' "$@"; } | docker build --quiet --tag "$image" - >/dev/null
}

# mmdebstrap writes the root filesystem as a tar stream straight into docker import.
build_rootfs() { # image, mmdebstrap options, --, docker import options
  local image=$1 opts=()
  shift
  while [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  mmdebstrap "${COMMON[@]}" "${opts[@]}" "$SUITE" - "${SOURCES[@]}" \
    | docker import "${LABELS[@]}" "$@" --message "mmdebstrap $SUITE" - "$image" >/dev/null
}

# The runtime the services need and nothing else: Java 25 jlink'ed by Debian's own openjdk-25, in a
# throwaway root of the same suite (images/jre/link-runtime.sh), so the runtime, the JVM that writes
# each image's AOT cache and the libraries they load are one Debian build. The runtime's root holds
# only the packages link-runtime.sh lists: libc, bash and coreutils (they run the image build's AOT
# training, images/aot-train.sh) and what the runtime's native code links. Those are only extracted
# (no dpkg, no apt, no maintainer scripts, so no hooks run either): the JRE, the users and the
# writable directories are appended to the root filesystem's tar with the owners they need.
build_jre() {
  local work packages
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" RETURN
  mkdir -p "$work/root/etc" "$work/app/deployments"
  # binutils: jlink's --strip-debug runs objcopy on Debian's native libraries.
  mmdebstrap "${COMMON[@]}" --include=openjdk-25-jdk-headless,binutils \
    --customize-hook="copy-in $HERE/jre/link-runtime.sh /tmp" \
    --customize-hook="chroot \"\$1\" sh /tmp/link-runtime.sh $JRE_MODULES" \
    --customize-hook="copy-out /opt/jre /opt/runtime-packages $work/root" \
    "$JRE_SUITE" /dev/null "${JRE_SOURCES[@]}"
  packages=$(paste -sd, "$work/root/runtime-packages")
  rm "$work/root/runtime-packages"
  mkdir -p "$work/root/opt" && mv "$work/root/jre" "$work/root/opt/jre"
  echo "base-images: the runtime's root: $packages"
  mmdebstrap --variant=extract --include="$packages" "$JRE_SUITE" "$work/rootfs.tar" "${JRE_SOURCES[@]}"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'app:x:10001:10001:app:/deployments:/usr/sbin/nologin' > "$work/root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'app:x:10001:' > "$work/root/etc/group"
  chmod 0775 "$work/app/deployments"
  # Only paths the packages do not have (/etc and /tmp are there): docker import refuses duplicates.
  tar --append --file "$work/rootfs.tar" --owner=0 --group=0 --directory "$work/root" ./etc/passwd ./etc/group ./opt
  tar --append --file "$work/rootfs.tar" --owner=10001 --group=10001 --directory "$work/app" ./deployments
  docker import "${LABELS[@]}" \
    --change "LABEL org.opencontainers.image.base.name=debian:$JRE_SUITE" \
    --change "ENV PATH=/opt/jre/bin:$STD_PATH" \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV JAVA_HOME=/opt/jre' \
    --change 'WORKDIR /deployments' \
    --change 'USER 10001:10001' \
    --change 'CMD ["java", "-version"]' \
    --change 'LABEL org.opencontainers.image.title=platform-base/jre' \
    --change "LABEL org.opencontainers.image.description=\"Java 25 runtime (jlink of Debian's openjdk-25) on a minimal Debian $JRE_SUITE root, user 10001\"" \
    --message "mmdebstrap $JRE_SUITE (openjdk-25 jlink, extract)" "$work/rootfs.tar" "$JRE_IMAGE" >/dev/null
}

build_postgres() {
  local bin=/usr/lib/postgresql/15/bin
  local opts=(
    --include=postgresql-15
    # What the official image has too: a name for initdb when it runs as a user /etc/passwd lacks.
    --include=libnss-wrapper
    # LLVM (and z3, which only LLVM uses) is only there for JIT; without llvmjit.so PostgreSQL
    # runs without JIT and raises no error (documented under jit_provider), which saves ~140 MB.
    # dpkg excludes keep the package database consistent.
    --dpkgopt='path-exclude=/usr/lib/*/libLLVM-*'
    --dpkgopt='path-exclude=/usr/lib/*/libz3.so*'
    --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/llvmjit*'
    --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/bitcode/*'
    # Before the packages: postgres gets uid 999 (as in the official image) rather than the next
    # free system id, and postgresql-common must not create a "main" cluster we would delete.
    --essential-hook="$(add_user_hook postgres 999 /var/lib/postgresql /bin/sh)"
    --essential-hook='mkdir -p "$1/etc/postgresql-common/createcluster.d" && echo "create_main_cluster = false" > "$1/etc/postgresql-common/createcluster.d/10-no-main-cluster.conf"'
    --customize-hook="copy-in $HERE/postgres/docker-entrypoint.sh /usr/local/bin"
    --customize-hook='chmod 0755 "$1/usr/local/bin/docker-entrypoint.sh"'
    --customize-hook='install -d -o 999 -g 999 -m 0700 "$1/var/lib/postgresql/data"'
    --customize-hook='install -d -o 0 -g 0 -m 0755 "$1/docker-entrypoint-initdb.d"'
    # The socket directory lives in /run, which mmdebstrap would empty: keep it, drop the rest.
    --skip=cleanup/run
    --customize-hook='find "$1/run" -mindepth 1 -maxdepth 1 -exec rm -rf {} + && install -d -o 999 -g 999 -m 2775 "$1/run/postgresql"'
    --customize-hook="test -x \"\$1$bin/postgres\""
  )
  local changes=(
    --change "ENV PATH=$bin:$STD_PATH"
    --change 'ENV LANG=C.UTF-8'
    --change 'ENV PGDATA=/var/lib/postgresql/data'
    --change 'VOLUME /var/lib/postgresql/data'
    --change 'WORKDIR /var/lib/postgresql'
    --change 'USER 999:999'
    --change 'EXPOSE 5432'
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
    --change 'CMD ["postgres"]'
    --change 'LABEL org.opencontainers.image.title=platform-base/postgres'
    --change 'LABEL org.opencontainers.image.description="PostgreSQL 15 (Debian bookworm), env interface of the official postgres image, uid 999 or any other"'
  )
  build_rootfs "$PG_IMAGE" "${opts[@]}" -- "${changes[@]}"
  # SIGINT is PostgreSQL's fast shutdown: sessions end, data is flushed, no recovery on start.
  restamp "$PG_IMAGE" 'STOPSIGNAL SIGINT'
}

build_nginx() {
  local opts=(
    --include=nginx
    --customize-hook="$(add_user_hook nginx 101 /nonexistent /usr/sbin/nologin)"
    --customize-hook="upload $HERE/nginx/nginx.conf /etc/nginx/nginx.conf"
    --customize-hook='chmod 0644 "$1/etc/nginx/nginx.conf"'
    # Debian's site and log files go unused: the config serves on 8080, logs go to stdout/stderr.
    --customize-hook='rm -f "$1"/etc/nginx/sites-enabled/* && ln -sf /dev/stdout "$1/var/log/nginx/access.log" && ln -sf /dev/stderr "$1/var/log/nginx/error.log"'
    # nginx creates its compiled-in temp dirs at start even when a config moves them; existing
    # ones are fine on a read-only filesystem, so create them now, owned by the nginx user.
    --customize-hook='for d in body proxy fastcgi uwsgi scgi; do install -d -o 101 -g 101 -m 0700 "$1/var/lib/nginx/$d"; done'
  )
  local changes=(
    --change "ENV PATH=$STD_PATH"
    --change 'ENV LANG=C.UTF-8'
    --change 'USER 101:101'
    --change 'EXPOSE 8080'
    # -e stderr: the compiled-in error log under /var/log is opened before the config is read.
    --change 'CMD ["nginx", "-e", "stderr", "-g", "daemon off;"]'
    --change 'LABEL org.opencontainers.image.title=platform-base/nginx'
    --change 'LABEL org.opencontainers.image.description="nginx (Debian bookworm) as uid 101 on 8080, read-only root filesystem with a tmpfs on /tmp"'
  )
  build_rootfs "$NGINX_IMAGE" "${opts[@]}" -- "${changes[@]}"
  # SIGQUIT is nginx's graceful shutdown: requests in flight finish.
  restamp "$NGINX_IMAGE" 'STOPSIGNAL SIGQUIT'
}

# The JDK the project builds with and curl, for the Maven wrapper's own download of Maven; Maven
# itself is the wrapper's pinned release (.mvn/wrapper), not Debian's older one. Any user may run it
# (scripts/lib.sh in_builder passes --user and HOME).
build_builder() {
  local opts=(--include=openjdk-17-jdk-headless --include=curl --include=ca-certificates)
  local changes=(
    --change "ENV PATH=$STD_PATH"
    --change 'ENV LANG=C.UTF-8'
    --change 'CMD ["java", "-version"]'
    --change 'LABEL org.opencontainers.image.title=platform-base/builder'
    --change 'LABEL org.opencontainers.image.description="OpenJDK 17 and curl (Debian bookworm), to run the Maven wrapper"'
  )
  build_rootfs "$OFFLINE_BUILDER_IMAGE" "${opts[@]}" -- "${changes[@]}"
}

summary=()
for name in "${wanted[@]}"; do
  case "$name" in
    jre) image=$JRE_IMAGE ;;
    postgres) image=$PG_IMAGE ;;
    nginx) image=$NGINX_IMAGE ;;
    builder) image=$OFFLINE_BUILDER_IMAGE ;;
  esac
  if [ "$force" -eq 0 ] && docker image inspect "$image" >/dev/null 2>&1; then
    echo "base-images: $image exists, skipped (--force rebuilds it)"
    took=-
  else
    echo "base-images: building $image ..."
    start=$SECONDS
    "build_$name"
    took="$((SECONDS - start))s"
  fi
  size=$(docker image inspect --format '{{.Size}}' "$image")
  summary+=("$(printf '%-36s %8s %6d MB' "$image" "$took" "$((size / 1000 / 1000))")")
done

printf '%-36s %8s %9s\n' IMAGE 'BUILD' SIZE
printf '%s\n' "${summary[@]}"
