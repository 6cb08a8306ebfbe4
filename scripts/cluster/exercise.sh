#!/usr/bin/env bash
# make exercise, make check, make exercise-reset: break the running platform in one named way, let
# the learner find and fix it with what the concept guide teaches, then grade the fix on the cluster
# itself (rollouts, EndpointSlices, evictions, the Ingress), never by reading the learner's YAML.
# Each exercise is one file in scripts/cluster/exercises/ (NN-name.sh): the concept page it
# practises, its title and what the learner will see, in each language of the guide, and three
# functions: break_it, check_it, fix_it (the scripted answer, which verify applies); optionally two
# more: settle_broken (what verify waits for before grading a break) and undo_it (what reset removes
# besides the objects a break saved).
# Usage: exercise.sh list | break N | check N | reset | verify
#   verify (make e2e): every exercise breaks, its check fails, its fix is applied, its check passes;
#   then all break at once, reset, and the smoke suite passes.
# Env: CLUSTER (kind), TOUR_LANG (en or ko, as make tour), CHECK_SECONDS (180: the longest a check
#      waits for the cluster to settle, a rollout say).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=exercise
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
EXERCISES=$ROOT/scripts/cluster/exercises
# What the breaks changed, as it was before (saved/), and what they made (made), for reset.
STATE=$ROOT/target/exercise
TOUR_LANG=${TOUR_LANG:-en}
CHECK_SECONDS=${CHECK_SECONDS:-180}

languages=$(cd "$ROOT/docs/concepts" && printf '%s ' */ | tr -d /)
[ -f "$ROOT/docs/concepts/$TOUR_LANG/README.md" ] || die "TOUR_LANG must be one of: ${languages% }, not '$TOUR_LANG'"
[[ "$CHECK_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "CHECK_SECONDS must be a positive number of seconds, not '$CHECK_SECONDS'"

# Prints the first text in English, the second in Korean, as TOUR_LANG says.
say() { # english korean
  if [ "$TOUR_LANG" = ko ]; then printf '%s\n' "$2"; else printf '%s\n' "$1"; fi
}
# A check's reason for failing, in the guide's language; the check fails with it.
why() { # english korean
  say "$@"
  return 1
}

exercise_files() { ls "$EXERCISES"/[0-9][0-9]-*.sh; }
# Sources exercise N's file (1, 01), leaving only its functions defined.
load() { # N
  local number file
  [[ "${1:-}" =~ ^[0-9]+$ ]] || die "N is missing or not a number: give N=<number> (make exercise lists them)"
  number=$(printf '%02d' "$((10#$1))")
  file=$(ls "$EXERCISES/$number"-*.sh 2>/dev/null) || die "there is no exercise $1: make exercise lists them"
  unset -f break_it check_it fix_it settle_broken undo_it
  # shellcheck source=/dev/null
  source "$file"
  EXERCISE=$((10#$number))
}

# Keeps an object as it is before the first break that changes it (a second break keeps the first copy).
save() { # kind/name
  local file="$STATE/saved/${1//\//.}.yaml"
  mkdir -p "$STATE/saved"
  [ ! -f "$file" ] || return 0
  kube -n "$NAMESPACE" get "$1" -o yaml < /dev/null > "$file.part"
  mv "$file.part" "$file"
}
# One field of an object as it was saved, as JSON: for a fix that puts a field back.
saved_field() { # kind/name jsonpath
  kube create --dry-run=client -f "$STATE/saved/${1//\//.}.yaml" -o "jsonpath=$2" < /dev/null
}
# Records an object a break made, for reset to delete.
made() { # kind/name
  mkdir -p "$STATE"
  grep -qx "$1" "$STATE/made" 2>/dev/null || echo "$1" >> "$STATE/made"
}
patch_json() { # kind/name patch
  kube -n "$NAMESPACE" patch "$1" --type=json -p "$2" < /dev/null
}

# Why a Deployment's rollout is not done, from what the cluster says: the newest ReplicaSet's
# FailedCreate, a pod the scheduler cannot place, or a pod whose readiness probe fails.
stuck_reason() { # deployment
  local revision owner rs_revision message pod ready
  revision=$(kube -n "$NAMESPACE" get "deployment/$1" -o "jsonpath={.metadata.annotations['deployment\.kubernetes\.io/revision']}" < /dev/null)
  while IFS=$'\t' read -r owner rs_revision message; do
    if [ "$owner" = "$1" ] && [ "$rs_revision" = "$revision" ] && [ -n "$message" ]; then
      echo "$message"
      return
    fi
  done < <(kube -n "$NAMESPACE" get replicasets -o jsonpath='{range .items[*]}{.metadata.ownerReferences[0].name}{"\t"}{.metadata.annotations.deployment\.kubernetes\.io/revision}{"\t"}{.status.conditions[?(@.type=="ReplicaFailure")].message}{"\n"}{end}' < /dev/null)
  message=$(kube -n "$NAMESPACE" get pods -l "app.kubernetes.io/name=$1" --field-selector=status.phase=Pending \
    -o jsonpath='{.items[0].status.conditions[?(@.type=="PodScheduled")].message}' < /dev/null 2>/dev/null) || true
  if [ -n "$message" ]; then
    echo "a pod is Pending: $message"
    return
  fi
  while read -r pod ready; do
    [ "$ready" != True ] || continue
    message=$(kube -n "$NAMESPACE" get events --field-selector "involvedObject.name=$pod,reason=Unhealthy" \
      -o jsonpath='{.items[-1:].message}' < /dev/null)
    echo "pod $pod is not ready${message:+: $message}"
    return
  done < <(kube -n "$NAMESPACE" get pods -l "app.kubernetes.io/name=$1" \
    -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' < /dev/null)
  echo "kubectl -n $NAMESPACE rollout status deployment/$1"
}
# Whether a Deployment finishes rolling out within CHECK_SECONDS, and why not.
rolled_out() { # deployment
  kube -n "$NAMESPACE" rollout status "deployment/$1" --timeout="${CHECK_SECONDS}s" < /dev/null > /dev/null 2>&1 && return
  local reason
  reason=$(stuck_reason "$1")
  why "deployment/$1 has not finished its rollout within $CHECK_SECONDS s: $reason" \
    "deployment/$1의 롤아웃이 ${CHECK_SECONDS}초 안에 끝나지 않았습니다: $reason"
}
# Polls a condition (a command, silenced) until it holds or the seconds pass.
within_seconds() { # seconds command...
  local deadline=$((SECONDS + $1))
  shift
  until "$@" > /dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 3
  done
}
# Controllers catch up with a fix within seconds (EndpointSlices, a budget's status, Traefik's
# routes): a check waits at most 30 s for them, or CHECK_SECONDS if shorter.
within_settle_time() { # command...
  within_seconds $((CHECK_SECONDS < 30 ? CHECK_SECONDS : 30)) "$@"
}
# The status code of a GET through the platform's Ingress, as a user's browser would send it.
ingress_status() { # path
  local resolve=()
  find_ingress_url > /dev/null
  [ -z "${INGRESS_ADDRESS:-}" ] || resolve=(--resolve "${INGRESS_URL#*://}:80:$INGRESS_ADDRESS")
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 ${resolve[@]+"${resolve[@]}"} "$INGRESS_URL$1" || true
}
# Three GETs of a path in a row through the Ingress, their status codes on one line: Traefik runs
# more than one replica, and each reloads its routes on its own.
ingress_statuses() { # path
  echo "$(ingress_status "$1") $(ingress_status "$1") $(ingress_status "$1")"
}
# Whether the Ingress serves a path: 200 three times in a row (every replica caught up).
ingress_serves() { # path
  [ "$(ingress_statuses "$1")" = "200 200 200" ]
}
# Says, in both languages, that a path through the Ingress is not served, with what it answered.
why_not_served() { # path
  local codes
  codes=$(ingress_statuses "$1")
  why "GET $1 through the Ingress answers $codes, not 200 three times in a row" \
    "Ingress를 거친 GET $1 가 200 세 번이 아니라 $codes 로 응답합니다"
}

# shellcheck disable=SC2154 # PAGE, TITLE_<lang> and SEES_<lang> come from the file load sources
list() {
  local file
  say "Exercises: make exercise N=<number> breaks the platform one way; make check N=<number> grades your fix; make exercise-reset undoes every break." \
    "연습 문제: make exercise N=<번호>는 플랫폼을 한 가지 방식으로 망가뜨리고, make check N=<번호>는 고친 결과를 채점하며, make exercise-reset은 모든 고장을 되돌립니다."
  for file in $(exercise_files); do
    load "$(basename "$file" | cut -d- -f1)"
    printf '  %2d  %s\n      docs/concepts/%s/%s.md\n' "$EXERCISE" "$(say "$TITLE_en" "$TITLE_ko")" "$TOUR_LANG" "$PAGE"
  done
}

# shellcheck disable=SC2154 # as in list
break_one() { # N
  load "$1"
  step "$(say "exercise $EXERCISE: $TITLE_en" "연습 $EXERCISE: $TITLE_ko")"
  break_it
  say "$SEES_en" "$SEES_ko"
  say "Read docs/concepts/$TOUR_LANG/$PAGE.md, fix it on the cluster, then: make check N=$EXERCISE" \
    "docs/concepts/$TOUR_LANG/$PAGE.md 를 읽고 클러스터에서 고친 다음: make check N=$EXERCISE"
}

check_one() { # N
  load "$1"
  say "exercise $EXERCISE: checking the cluster (up to $CHECK_SECONDS s)" "연습 $EXERCISE: 클러스터를 확인합니다 (최대 ${CHECK_SECONDS}초)"
  if check_it; then
    say "exercise $EXERCISE: fixed." "연습 $EXERCISE: 고쳐졌습니다."
  else
    say "exercise $EXERCISE: not fixed yet (make exercise-reset puts everything back)." \
      "연습 $EXERCISE: 아직 고쳐지지 않았습니다 (make exercise-reset 으로 모두 되돌릴 수 있습니다)."
    return 1
  fi
}

# Every saved object back as it was, what the breaks made deleted, then every Deployment rolled out.
reset() {
  local file target deployment
  for file in "$STATE"/saved/*.yaml; do
    [ -f "$file" ] || continue
    target=$(basename "$file" .yaml)
    target=${target/./\/}
    # The saved object without its resourceVersion: an unconditional update, which the controllers'
    # own writes to the object meanwhile (its status) cannot turn into a conflict.
    sed '/^  resourceVersion: /d' "$file" | kube replace -f - > /dev/null
    rm "$file"
    step "$target: as before the exercise"
  done
  if [ -f "$STATE/made" ]; then
    while read -r target; do
      kube -n "$NAMESPACE" delete "$target" --ignore-not-found --wait=false < /dev/null
    done < "$STATE/made"
    rm "$STATE/made"
  fi
  for file in $(exercise_files); do
    load "$(basename "$file" | cut -d- -f1)"
    if declare -F undo_it > /dev/null; then undo_it; fi
  done
  for deployment in $(kube -n "$NAMESPACE" get deployments -o jsonpath='{.items[*].metadata.name}' < /dev/null); do
    kube -n "$NAMESPACE" rollout status "deployment/$deployment" --timeout=300s < /dev/null > /dev/null \
      || { explain_failure; die "deployment/$deployment did not roll out after the reset within 300 s"; }
  done
  step "$(say "every exercise undone" "모든 연습이 되돌려졌습니다")"
}

# make e2e's proof that each exercise is what it says: the break fails its check, the fix passes it.
verify() {
  local file number all=()
  for file in $(exercise_files); do
    number=$(basename "$file" | cut -d- -f1)
    all+=("$number")
    break_one "$number"
    if declare -F settle_broken > /dev/null; then settle_broken; fi
    if CHECK_SECONDS=20 check_one "$number"; then
      die "exercise $EXERCISE: its check passed on the broken platform"
    fi
    step "exercise $EXERCISE: the check fails on the break, as it must; the scripted fix"
    fix_it
    check_one "$number" || { explain_failure; die "exercise $EXERCISE: its check fails after the scripted fix"; }
    reset
  done
  step "every exercise broken at once, then make exercise-reset, then the smoke suite"
  for number in ${all[@]+"${all[@]}"}; do
    break_one "$number" > /dev/null
  done
  reset
  "$ROOT/scripts/cluster/smoke.sh"
}

if [ "${1:-list}" != list ]; then
  kube -n "$NAMESPACE" get deployment gateway --request-timeout=10s < /dev/null > /dev/null 2>&1 \
    || die "no platform on the $CLUSTER cluster (deployment/gateway in namespace $NAMESPACE): run make up first"
fi
case "${1:-list}" in
  list) list ;;
  break) break_one "${2:-}" ;;
  check) check_one "${2:-}" ;;
  reset) reset ;;
  verify) verify ;;
  *) die "usage: exercise.sh list | break N | check N | reset | verify" ;;
esac
