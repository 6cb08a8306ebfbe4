# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A Service whose selector matches no pod: its ClusterIP still answers DNS, but the EndpointSlice
# controller lists no endpoint behind it, so every call to catalog fails, through the Ingress too.
PAGE=13-clusterip
TITLE_en="A Service whose selector matches nothing"
TITLE_ko="아무것도 고르지 않는 셀렉터를 가진 서비스"
SEES_en="service/catalog now selects app.kubernetes.io/name=catalogue. kubectl -n platform get endpointslices -l kubernetes.io/service-name=catalog lists no endpoint, the catalog pods are all Running and ready, and curl $INGRESS_URL/api/catalog/products fails (orders cannot price an order either)."
SEES_ko="service/catalog이 이제 app.kubernetes.io/name=catalogue 를 고릅니다. kubectl -n platform get endpointslices -l kubernetes.io/service-name=catalog 에는 엔드포인트가 없고, catalog 파드는 모두 Running이며 준비되어 있는데, curl $INGRESS_URL/api/catalog/products 는 실패합니다 (orders도 주문의 가격을 매기지 못합니다)."

ready_endpoints() {
  kube -n "$NAMESPACE" get endpointslices -l kubernetes.io/service-name=catalog \
    -o jsonpath='{range .items[*].endpoints[?(@.conditions.ready==true)]}{.targetRef.name}{"\n"}{end}' < /dev/null
}
has_ready_endpoint() { [ -n "$(ready_endpoints)" ]; }
has_no_ready_endpoint() { [ -z "$(ready_endpoints)" ]; }

break_it() {
  save service/catalog
  patch_json service/catalog '[{"op": "replace", "path": "/spec/selector/app.kubernetes.io~1name", "value": "catalogue"}]'
}

settle_broken() {
  within_seconds 60 has_no_ready_endpoint
}

check_it() {
  local selector
  within_settle_time has_ready_endpoint || {
    selector=$(kube -n "$NAMESPACE" get service catalog -o jsonpath='{.spec.selector}' < /dev/null)
    why "service/catalog's EndpointSlices list no ready endpoint: its selector $selector matches no ready pod" \
      "service/catalog의 EndpointSlice에 준비된 엔드포인트가 없습니다: 셀렉터 $selector 에 맞는 준비된 파드가 없습니다"
    return
  }
  within_settle_time ingress_serves /api/catalog/products || why_not_served /api/catalog/products
}

fix_it() {
  patch_json service/catalog "[{\"op\": \"replace\", \"path\": \"/spec/selector\", \"value\": $(saved_field service/catalog '{.spec.selector}')}]"
}
