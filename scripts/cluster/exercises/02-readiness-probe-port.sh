# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A readiness probe that can never pass: the rolling update waits for the new pod forever
# (maxUnavailable 0), and the old pods keep every request.
PAGE=07-deployment-and-rolling-update
TITLE_en="A readiness probe on the wrong port"
TITLE_ko="잘못된 포트를 묻는 준비성 프로브"
SEES_en="deployment/orders' readiness probe now asks a port nothing listens on. The new pod runs but is never ready (kubectl -n platform get pods -l app.kubernetes.io/name=orders; its events say why), kubectl -n platform rollout status deployment/orders waits, and orders keeps answering from the old pods: no request is lost."
SEES_ko="deployment/orders의 준비성 프로브가 이제 아무것도 듣지 않는 포트를 묻습니다. 새 파드는 실행되지만 준비되지 않고 (kubectl -n platform get pods -l app.kubernetes.io/name=orders, 이유는 그 파드의 이벤트에 있습니다), kubectl -n platform rollout status deployment/orders는 기다리기만 하며, orders는 기존 파드로 계속 응답합니다: 잃는 요청은 없습니다."

# The port the container serves on (its port named http), where the probe belongs.
served_port() {
  kube -n "$NAMESPACE" get deployment/orders -o jsonpath='{.spec.template.spec.containers[0].ports[?(@.name=="http")].containerPort}' < /dev/null
}
probed_port() {
  kube -n "$NAMESPACE" get deployment/orders -o jsonpath='{.spec.template.spec.containers[0].readinessProbe.httpGet.port}' < /dev/null
}

break_it() {
  save deployment/orders
  patch_json deployment/orders "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/readinessProbe/httpGet/port\", \"value\": $(($(served_port) + 1))}]"
}

check_it() {
  local probed served
  probed=$(probed_port) served=$(served_port)
  if [ "$probed" != "$served" ] && [ "$probed" != http ]; then
    why "orders' readiness probe asks port $probed; the container serves on $served (its port named http)" \
      "orders의 준비성 프로브는 포트 $probed 를 묻지만, 컨테이너는 $served (http라는 이름의 포트)에서 응답합니다"
    return
  fi
  rolled_out orders
}

fix_it() {
  patch_json deployment/orders "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/readinessProbe/httpGet/port\", \"value\": $(served_port)}]"
}
