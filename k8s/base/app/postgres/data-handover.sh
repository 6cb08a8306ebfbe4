#!/bin/sh
# Hands a data directory that an earlier install's postgres user (uid 999, the official image's) owns
# over to the user the StatefulSet runs PostgreSQL as now, before the server starts. postgres refuses a
# data directory another user owns, and only root could chown one, which the restricted PodSecurity
# profile forbids; so the data is copied, by its new owner, in two steps, each an init container:
#   data-handover.sh give FROM TO   as uid 999, in the pod's group: lets that group read FROM; once TO
#                                   has taken over (at a later start), deletes FROM
#   data-handover.sh take FROM TO   as the new user: copies FROM to TO, which appears whole or not at all
# Nothing happens when FROM holds no database (every install made since). The server is not running
# meanwhile: init containers run before it, and the StatefulSet stops the old pod first.
set -eu

say() { printf 'data-handover: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$#" -eq 3 ] || die "usage: data-handover.sh give|take FROM TO"
step=$1 from=$2 to=$3

# TO appears whole, by a rename, once the copy is complete; the mark beside FROM tells the give step,
# which cannot look into TO (mode 0700), that FROM may go.
handed_over=$from.handed-over

case "$step" in
  give)
    if [ -e "$handed_over" ]; then
      rm -rf "$from"
      rm -f "$handed_over" || say "$handed_over stays: this user may not delete it"
      say "$from deleted: $to took over at an earlier start"
    elif [ -s "$from/PG_VERSION" ] && [ ! -e "$to" ]; then
      chgrp -R "$(id -g)" "$from"
      chmod -R g+rX "$from"
      say "$from opened to group $(id -g) for the copy"
    fi
    ;;
  take)
    [ ! -e "$to" ] && [ -s "$from/PG_VERSION" ] || exit 0
    rm -rf "$to.part"
    need=$(du -sk "$from" | cut -f1)
    free=$(df -Pk "$(dirname "$to")" | awk 'NR == 2 { print $4 }')
    [ "$need" -lt "$free" ] || die "copying $from needs ${need} KiB, the volume has ${free} KiB free: grow the PersistentVolumeClaim data-postgres-0"
    say "copying $from (${need} KiB) to $to as uid $(id -u)"
    cp -a "$from" "$to.part"
    # postgres accepts only a data directory its group cannot write to.
    chmod 0700 "$to.part"
    sync
    mv "$to.part" "$to"
    sync
    : >"$handed_over"
    say "$to is the data directory now; the next start deletes $from"
    ;;
  *) die "unknown step '$step': give or take" ;;
esac
