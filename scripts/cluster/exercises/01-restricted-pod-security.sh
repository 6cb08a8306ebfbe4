# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# The API server accepts the Deployment (PodSecurity only warns about a Deployment), but admission
# refuses every pod its ReplicaSet tries to create: the request flow's last gate, seen on a rollout.
PAGE=04-request-flow
TITLE_en="A pod the restricted standard refuses"
TITLE_ko="restricted 표준이 거부하는 파드"
SEES_en="deployment/logs now asks for allowPrivilegeEscalation: true. kubectl printed a warning and the API server stored the change, yet no new logs pod appears: see kubectl -n platform get rs -l app.kubernetes.io/name=logs and kubectl -n platform describe rs of the newest one. The old pods keep serving."
SEES_ko="deployment/logs가 이제 allowPrivilegeEscalation: true를 요청합니다. kubectl은 경고를 출력했고 API 서버는 변경을 저장했지만, 새 logs 파드는 생기지 않습니다: kubectl -n platform get rs -l app.kubernetes.io/name=logs 와 가장 새로운 ReplicaSet의 kubectl -n platform describe rs 를 보세요. 기존 파드는 계속 요청을 처리합니다."

break_it() {
  save deployment/logs
  patch_json deployment/logs '[{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": true}]'
}

check_it() {
  rolled_out logs
}

fix_it() {
  patch_json deployment/logs '[{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false}]'
}
