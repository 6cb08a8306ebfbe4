# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# Required node affinity for a label no node has: the scheduler has nowhere to put the new pod.
# Two fixes are right: give a node the label, or drop the requirement.
PAGE=08-affinity
# The label the affinity asks for, which reset takes off every node.
DISK_LABEL=quarkus-k8s-platform/exercise-disk
TITLE_en="Node affinity no node satisfies"
TITLE_ko="어떤 노드도 만족하지 않는 노드 어피니티"
SEES_en="deployment/gateway now requires nodes labelled $DISK_LABEL=ssd. Its new pod stays Pending (kubectl -n platform get pods -l app.kubernetes.io/name=gateway -o wide; kubectl describe says why), and kubectl get nodes --show-labels shows no such label."
SEES_ko="deployment/gateway가 이제 $DISK_LABEL=ssd 레이블이 붙은 노드를 요구합니다. 새 파드는 Pending에 머물고 (kubectl -n platform get pods -l app.kubernetes.io/name=gateway -o wide, 이유는 kubectl describe에 있습니다), kubectl get nodes --show-labels에는 그런 레이블이 없습니다."

break_it() {
  save deployment/gateway
  patch_json deployment/gateway "[{\"op\": \"add\", \"path\": \"/spec/template/spec/affinity/nodeAffinity\", \"value\":
    {\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": [{\"matchExpressions\":
      [{\"key\": \"$DISK_LABEL\", \"operator\": \"In\", \"values\": [\"ssd\"]}]}]}}}]"
}

check_it() {
  rolled_out gateway
}

# The other right answer than the page's first: the label on a node, not the requirement gone.
fix_it() {
  local node
  node=$(kube get nodes -o jsonpath='{.items[0].metadata.name}' < /dev/null)
  kube label node "$node" "$DISK_LABEL=ssd" --overwrite < /dev/null
}

undo_it() {
  kube label nodes --all "$DISK_LABEL-" < /dev/null > /dev/null
}
