# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A PodDisruptionBudget that allows no disruption: every eviction of a catalog pod is refused, so
# kubectl drain of any node that runs one waits forever. Graded by the API server itself: a
# dry-run eviction, which PodDisruptionBudgets govern as a real one.
PAGE=09-anti-affinity
TITLE_en="A PodDisruptionBudget that blocks every drain"
TITLE_ko="모든 drain을 막는 PodDisruptionBudget"
SEES_en="pdb/catalog now says maxUnavailable: 0. kubectl -n platform get pdb shows ALLOWED DISRUPTIONS 0 for catalog, and kubectl drain <node> --ignore-daemonsets --delete-emptydir-data --dry-run=server reports that evicting a catalog pod would violate its disruption budget."
SEES_ko="pdb/catalog이 이제 maxUnavailable: 0 입니다. kubectl -n platform get pdb는 catalog의 ALLOWED DISRUPTIONS를 0으로 보여 주고, kubectl drain <노드> --ignore-daemonsets --delete-emptydir-data --dry-run=server는 catalog 파드를 축출하면 중단 예산을 어긴다고 알려 줍니다."

# A catalog pod that is running, ready and not being deleted: the API server evicts a pending or a
# terminating pod whatever the budget says, so only such a pod tells what a drain would meet.
serving_pod() {
  kube -n "$NAMESPACE" get pods -l app.kubernetes.io/name=catalog < /dev/null \
    -o jsonpath='{range .items[?(@.status.phase=="Running")]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{" "}{.metadata.deletionTimestamp}{"\n"}{end}' \
    | awk '$2 == "True" && NF == 2 { print $1; exit }'
}
# Whether the disruption controller has seen the budget's last change: until then the API server
# judges evictions by the status of the change before.
budget_current() {
  local generations
  generations=$(kube -n "$NAMESPACE" get poddisruptionbudget/catalog -o jsonpath='{.status.observedGeneration} {.metadata.generation}' < /dev/null)
  [ "${generations% *}" = "${generations#* }" ]
}
# A dry-run eviction of a serving catalog pod, once the budget's status is current: the API server
# answers as it would to kubectl drain.
evictable() {
  local pod
  budget_current || { echo "the disruption controller has not yet seen pdb/catalog's last change"; return 1; }
  pod=$(serving_pod)
  [ -n "$pod" ] || { echo "no catalog pod is running and ready"; return 1; }
  printf '{"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "%s", "namespace": "%s"}, "deleteOptions": {"dryRun": ["All"]}}' \
    "$pod" "$NAMESPACE" | kube create --raw "/api/v1/namespaces/$NAMESPACE/pods/$pod/eviction?dryRun=All" -f - > /dev/null
}
refused() { budget_current && [ -n "$(serving_pod)" ] && ! evictable; }

break_it() {
  save poddisruptionbudget/catalog
  patch_json poddisruptionbudget/catalog '[{"op": "replace", "path": "/spec/maxUnavailable", "value": 0}]'
}

# Graded once the budget's status says the change, as a drain would meet it.
settle_broken() {
  within_seconds 60 refused
}

check_it() {
  kube -n "$NAMESPACE" get poddisruptionbudget/catalog < /dev/null > /dev/null 2>&1 \
    || { why "pdb/catalog is gone: a drain may now take every catalog pod at once; bring it back with a budget that allows one" \
      "pdb/catalog이 없어졌습니다: 이제 drain이 catalog 파드를 한꺼번에 모두 내보낼 수 있습니다. 하나는 허용하는 예산으로 되살리세요"; return; }
  local refusal
  within_settle_time evictable && return
  refusal=$(evictable 2>&1) || true
  why "the API server refuses to evict a catalog pod: $refusal" "API 서버가 catalog 파드의 축출을 거부합니다: $refusal"
}

fix_it() {
  patch_json poddisruptionbudget/catalog "[{\"op\": \"replace\", \"path\": \"/spec/maxUnavailable\", \"value\": $(saved_field poddisruptionbudget/catalog '{.spec.maxUnavailable}')}]"
}
