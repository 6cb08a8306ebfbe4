# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# An Ingress path of pathType Exact where Prefix was meant: /api/catalog itself still matches, every
# path under it falls through to the next rule that matches (/, the gateway), which knows none of them.
PAGE=16-ingress
TITLE_en="An Ingress path with the wrong pathType"
TITLE_ko="pathType이 잘못된 Ingress 경로"
SEES_en="ingress/platform's /api/catalog path is now pathType: Exact. curl -i $INGRESS_URL/api/catalog/products answers 404 from the gateway (see its X-Served-By header), while kubectl -n platform get ingress platform looks as before."
SEES_ko="ingress/platform의 /api/catalog 경로가 이제 pathType: Exact 입니다. curl -i $INGRESS_URL/api/catalog/products 는 gateway의 404로 응답하고 (X-Served-By 헤더를 보세요), kubectl -n platform get ingress platform 은 전과 같아 보입니다."

# A JSON patch setting the pathType of the /api/catalog path of every rule (make up adds a rule for
# PLATFORM_HOST with the same paths), after testing that the path is there.
catalog_path_type() { # pathType
  local rules index=0 patch=""
  rules=$(kube -n "$NAMESPACE" get ingress platform -o jsonpath='{range .spec.rules[*]}x{end}' < /dev/null)
  while [ "$index" -lt "${#rules}" ]; do
    patch="$patch${patch:+,}{\"op\": \"test\", \"path\": \"/spec/rules/$index/http/paths/0/path\", \"value\": \"/api/catalog\"},
      {\"op\": \"replace\", \"path\": \"/spec/rules/$index/http/paths/0/pathType\", \"value\": \"$1\"}"
    index=$((index + 1))
  done
  patch_json ingress/platform "[$patch]"
}
# None of three answers in a row is a 200: every Traefik replica has taken the break.
products_refused() {
  case " $(ingress_statuses /api/catalog/products) " in *" 200 "*) return 1 ;; esac
}

break_it() {
  save ingress/platform
  catalog_path_type Exact
}

settle_broken() {
  within_seconds 60 products_refused
}

check_it() {
  within_settle_time ingress_serves /api/catalog/products || why_not_served /api/catalog/products
}

fix_it() {
  catalog_path_type Prefix
}
