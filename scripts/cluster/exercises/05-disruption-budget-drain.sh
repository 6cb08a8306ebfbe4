# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A PodDisruptionBudget that allows no disruption: every eviction of a catalog pod is refused, so
# kubectl drain of any node that runs one waits forever. Graded by the API server itself: a
# dry-run eviction, which PodDisruptionBudgets govern as a real one.
PAGE=09-anti-affinity
TITLE_en="A PodDisruptionBudget that blocks every drain"
TITLE_ko="모든 drain을 막는 PodDisruptionBudget"
SEES_en="pdb/catalog now says maxUnavailable: 0. kubectl -n platform get pdb shows ALLOWED DISRUPTIONS 0 for catalog, and kubectl drain <node> --ignore-daemonsets --delete-emptydir-data --dry-run=server reports that evicting a catalog pod would violate its disruption budget."
SEES_ko="pdb/catalog이 이제 maxUnavailable: 0 입니다. kubectl -n platform get pdb는 catalog의 ALLOWED DISRUPTIONS를 0으로 보여 주고, kubectl drain <노드> --ignore-daemonsets --delete-emptydir-data --dry-run=server는 catalog 파드를 축출하면 중단 예산을 어긴다고 알려 줍니다."

# A dry-run eviction of one catalog pod: the API server answers as it would to kubectl drain.
evictable() {
  local pod
  pod=$(kube -n "$NAMESPACE" get pods -l app.kubernetes.io/name=catalog -o jsonpath='{.items[0].metadata.name}' < /dev/null)
  printf '{"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "%s", "namespace": "%s"}, "deleteOptions": {"dryRun": ["All"]}}' \
    "$pod" "$NAMESPACE" | kube create --raw "/api/v1/namespaces/$NAMESPACE/pods/$pod/eviction?dryRun=All" -f - > /dev/null
}

break_it() {
  save poddisruptionbudget/catalog
  patch_json poddisruptionbudget/catalog '[{"op": "replace", "path": "/spec/maxUnavailable", "value": 0}]'
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
