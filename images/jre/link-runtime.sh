#!/bin/sh
# Runs inside the throwaway Debian root images/base-images.sh makes with openjdk-25-jdk-headless:
# jlinks the services' modules into /opt/jre, and lists in /opt/runtime-packages the packages the
# runtime's root needs: base-files, bash and coreutils (the AOT training runs on them) and whatever
# their programs and the runtime's native code load, as ldd finds them here. A library ldd does not
# find (X11 for AWT's window toolkit) is one a headless service never loads.
# Usage: link-runtime.sh MODULES
set -eu
jdk=$(dirname "$(dirname "$(readlink -f /usr/bin/javac)")")
"$jdk/bin/jlink" --add-modules "$1" --output /opt/jre --strip-debug --no-man-pages --no-header-files --compress=zip-6
{
  printf '%s\n' base-files bash coreutils
  for file in /opt/jre/bin/* /opt/jre/lib/*.so /opt/jre/lib/server/*.so /usr/bin/bash $(dpkg -L coreutils | grep '^/usr/bin/'); do
    ldd "$file" 2>/dev/null || true
  done | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | xargs readlink -f | xargs dpkg -S | cut -d: -f1
} | sort -u > /opt/runtime-packages
