# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A hard topology spread that asks for more nodes than there are: with fewer eligible domains than
# minDomains, the global minimum counts as 0, so no node may take a pod beyond maxSkew.
PAGE=09-anti-affinity
TITLE_en="A topology spread with DoNotSchedule and minDomains"
TITLE_ko="DoNotSchedule과 minDomains를 쓴 토폴로지 분산"
SEES_en="deployment/catalog's spread over nodes is now whenUnsatisfiable: DoNotSchedule with minDomains: 3. A new catalog pod stays Pending (kubectl -n platform get pods -l app.kubernetes.io/name=catalog -o wide; kubectl describe pod names the constraint), and the rollout stops there."
SEES_ko="deployment/catalog의 노드 간 분산이 이제 whenUnsatisfiable: DoNotSchedule, minDomains: 3 입니다. 새 catalog 파드가 Pending에 머물고 (kubectl -n platform get pods -l app.kubernetes.io/name=catalog -o wide, kubectl describe pod가 어떤 제약인지 알려 줍니다), 롤아웃은 거기서 멈춥니다."

break_it() {
  save deployment/catalog
  patch_json deployment/catalog '[{"op": "test", "path": "/spec/template/spec/topologySpreadConstraints/0/topologyKey", "value": "kubernetes.io/hostname"},
    {"op": "replace", "path": "/spec/template/spec/topologySpreadConstraints/0/whenUnsatisfiable", "value": "DoNotSchedule"},
    {"op": "add", "path": "/spec/template/spec/topologySpreadConstraints/0/minDomains", "value": 3}]'
}

check_it() {
  rolled_out catalog
}

fix_it() {
  patch_json deployment/catalog "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/topologySpreadConstraints\",
    \"value\": $(saved_field deployment/catalog '{.spec.template.spec.topologySpreadConstraints}')}]"
}
