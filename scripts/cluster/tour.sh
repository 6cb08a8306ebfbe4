#!/usr/bin/env bash
# make tour: a guided walk through the concept guide (docs/concepts/<TOUR_LANG>/) on the platform's
# cluster. For each page in order: its title and one-line summary, then its tour commands (the
# ```sh tour blocks, and the ```sh tour <cluster> blocks of this cluster), each shown and run with
# kubectl pointed at the platform's cluster, then the page's notes on what to look for; Enter goes
# on. The pages are the tour's only source: nothing here names a command.
# Env: CLUSTER (kind), TOUR_LANG (en or ko), TOUR_FROM (first page number, 1),
#      STEP_SECONDS (30: the most one command may take).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=tour
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
TOUR_LANG=${TOUR_LANG:-en}
TOUR_FROM=${TOUR_FROM:-1}
STEP_SECONDS=${STEP_SECONDS:-30}
GUIDE=$ROOT/docs/concepts

languages=$(cd "$GUIDE" && printf '%s ' */ | tr -d /)
[ -f "$GUIDE/$TOUR_LANG/README.md" ] || die "TOUR_LANG must be one of: ${languages% }, not '$TOUR_LANG'"
[[ "$TOUR_FROM" =~ ^[0-9]+$ ]] || die "TOUR_FROM must be a page number, not '$TOUR_FROM'"
[[ "$STEP_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "STEP_SECONDS must be a positive number of seconds, not '$STEP_SECONDS'"
command -v kubectl >/dev/null 2>&1 || die "kubectl is missing: run make up first (fetches it into bin/)"
# No command gets the terminal's input: that is for the learner's Enter.
kube -n "$NAMESPACE" get deployment gateway --request-timeout=10s < /dev/null >/dev/null 2>&1 \
  || die "no platform on the $CLUSTER cluster (deployment/gateway in namespace $NAMESPACE): run make up first"

# The pages' commands say plain kubectl, as a reader types it; here it means the platform's cluster.
if [ "$CLUSTER" = kind ]; then
  kubectl_flag=--context kubectl_value=kind-$KIND_CLUSTER_NAME
else
  kubectl_flag=--kubeconfig kubectl_value=$K3S_KUBECONFIG
fi
# shellcheck disable=SC2016 # "$@" belongs to the function, expanded when it runs
printf -v KUBECTL_FUNCTION 'kubectl() { command kubectl %q %q "$@"; }' "$kubectl_flag" "$kubectl_value"

case "$TOUR_LANG" in
  ko)
    SAYS_KUBECTL="이 투어의 kubectl은 kubectl $kubectl_flag $kubectl_value 로 실행됩니다."
    PROMPT="Enter: 다음 개념, q: 끝내기 "
    STOPPED="투어를 멈췄습니다. 이어서 보려면: TOUR_FROM=%d TOUR_LANG=ko make tour"
    DONE="투어를 마쳤습니다. 각 페이지의 '해 보기'는 클러스터를 바꾸는 실험입니다: %s"
    FAILURES="실패한 명령 (페이지와 종료 코드):" ;;
  *)
    SAYS_KUBECTL="kubectl in this tour runs as kubectl $kubectl_flag $kubectl_value."
    PROMPT="Enter: next concept, q: quit "
    STOPPED="Tour stopped. To go on: TOUR_FROM=%d make tour"
    DONE="Tour done. Each page's 'Try it' part has experiments that change the cluster: %s"
    FAILURES="Commands that failed (page and exit status):" ;;
esac

# One page as records: T title, S summary, C each tour command for this cluster, in order, then
# L each line of the prose around them (the section that holds the tour blocks, fences left out).
page_records() {
  awk -v cluster="$CLUSTER" '
    /^```/ {
      if (!fence) {
        fence = 1
        tour = ($0 == "```sh tour")
        if (tour && !see) see = section
      } else {
        fence = 0
        tour = 0
      }
      next
    }
    # A tour line that ends in "# kind" or "# k3s" is for that cluster only.
    fence {
      if (tour && (!match($0, /# (kind|k3s)$/) || substr($0, RSTART + 2) == cluster)) print "C\t" $0
      next
    }
    NR == 1 { sub(/^# /, ""); print "T\t" $0; next }
    !summary && /^> / { summary = 1; sub(/^> /, ""); print "S\t" $0; next }
    /^## / { section++; next }
    { lines[section, ++count[section]] = $0 }
    END { for (i = 1; i <= count[see]; i++) print "L\t" lines[see, i] }
  ' "$1"
}

# Runs one command as the page writes it, bounded in time.
run_step() {
  bounded "$STEP_SECONDS" bash -c "$KUBECTL_FUNCTION"$'\n'"$1" < /dev/null
}

failed=()
echo "$SAYS_KUBECTL"
for page in "$GUIDE/$TOUR_LANG"/[0-9][0-9]-*.md; do
  number=$(basename "$page")
  number=$((10#${number%%-*}))
  [ "$number" -ge "$TOUR_FROM" ] || continue
  records=()
  read_lines records < <(page_records "$page")
  notes=()
  for record in ${records[@]+"${records[@]}"}; do
    text=${record#?$'\t'}
    case "$record" in
      T*) printf '\n== %s\n' "$text" ;;
      S*) printf '%s\n' "$text" ;;
      C*)
        printf '\n$ %s\n' "$text"
        status=0
        run_step "$text" || status=$?
        if [ "$status" -ne 0 ]; then
          echo "(exit $status)"
          failed+=("$number: $text (exit $status)")
        fi ;;
      L*) notes+=("$text") ;;
    esac
  done
  echo
  # The notes without the blank lines that framed the blocks.
  while [ ${#notes[@]} -gt 0 ] && [ -z "${notes[0]}" ]; do notes=(${notes[@]+"${notes[@]:1}"}); done
  while [ ${#notes[@]} -gt 0 ] && [ -z "${notes[${#notes[@]} - 1]}" ]; do unset "notes[${#notes[@]} - 1]"; done
  [ ${#notes[@]} -eq 0 ] || printf '%s\n\n' "$(printf '%s\n' ${notes[@]+"${notes[@]}"})"
  printf '%s' "$PROMPT"
  answer=""
  read -r answer || true
  # Typed at a terminal, the Enter ends the line; read from a pipe or file, nothing does.
  [ -t 0 ] || echo
  case "$answer" in
    q | Q)
      # shellcheck disable=SC2059 # the message is this script's own format
      printf "$STOPPED\n" $((number + 1))
      exit 0 ;;
  esac
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "$FAILURES"
  printf '  %s\n' ${failed[@]+"${failed[@]}"}
fi
# shellcheck disable=SC2059 # the message is this script's own format
printf "$DONE\n" "docs/concepts/$TOUR_LANG/README.md"
