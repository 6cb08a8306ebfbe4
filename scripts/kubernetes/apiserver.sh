#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1, without nodes: etcd, kube-apiserver (RBAC,
# service-account tokens, the default admission chain with Pod Security) and
# kube-controller-manager (ServiceAccounts, ReplicaSets, Pods, garbage collection, namespace
# deletion), built from tools/kubernetes by build.sh.
#   apiserver.sh start      starts one in APISERVER_DIR (target/apiserver) unless it runs already;
#                           its cluster-admin kubeconfig is APISERVER_DIR/kubeconfig (make apiserver)
#   apiserver.sh stop       stops the one start started (make apiserver-stop)
#   apiserver.sh with CMD   runs CMD against a new, empty one in target/apiserver-test, with KUBECONFIG
#                           set and the built kubectl first on PATH, and stops it afterwards (make test)
# Every port is a free one picked at start, so a k3s (6443) or kind cluster on this machine is no obstacle.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/kubernetes/kubernetes-lib.sh
. "$ROOT/scripts/kubernetes/kubernetes-lib.sh"

# The order they start in; they stop in the reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager)
# Service ClusterIPs are only allocated here, never routed: no node runs kube-proxy.
SERVICE_RANGE=10.96.0.0/16
SERVICE_IP=10.96.0.1

die() { echo "apiserver: $*" >&2; exit 1; }

running() { # component
  local pid
  pid=$(cat "$DIR/$1.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null
}

# Why a component did not come up: the last lines of its log.
failed() { # component what
  echo "apiserver: $1 $2; the last lines of $DIR/logs/$1.log:" >&2
  tail -n 15 "$DIR/logs/$1.log" >&2 || true
  stop
  exit 1
}

launch() { # component args...
  local name=$1
  shift
  nohup "$BIN/$name" "$@" > "$DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

# A key and a certificate signed by the CA (the CA itself when $1 is ca). ECDSA P-256: quick to make.
certificate() { # name subject [subjectAltName]
  local name=$1 subject=$2 san=${3:-} pki=$DIR/pki
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/$name.key" 2>/dev/null
  if [ "$name" = ca ]; then
    openssl req -x509 -new -key "$pki/ca.key" -subj "$subject" -days 30 -out "$pki/ca.crt" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
    return
  fi
  openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  {
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } > "$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 30 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
}

kubeconfig() { # client-cert-name file
  local pki=$DIR/pki
  cat > "$2" <<CONFIG
apiVersion: v1
kind: Config
clusters:
- name: platform-apiserver
  cluster:
    server: https://127.0.0.1:$PORT
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: $1
  user:
    client-certificate-data: $(base64 -w0 < "$pki/$1.crt")
    client-key-data: $(base64 -w0 < "$pki/$1.key")
contexts:
- name: platform-apiserver
  context:
    cluster: platform-apiserver
    user: $1
current-context: platform-apiserver
CONFIG
}

# Runs until $2 succeeds, at most $3 seconds; else shows the log of $1.
await() { # component command timeout-seconds
  local deadline=$(( $(date +%s) + $3 ))
  until eval "$2" >/dev/null 2>&1; do
    running "$1" || failed "$1" "exited"
    [ "$(date +%s)" -lt "$deadline" ] || failed "$1" "was not ready within $3 s"
    sleep 0.5
  done
}

start() {
  local started etcd_port peer_port
  BIN=$("$ROOT/scripts/kubernetes/build.sh")
  if running kube-apiserver; then
    echo "apiserver: running already; KUBECONFIG=${DIR#"$ROOT"/}/kubeconfig"
    return
  fi
  command -v openssl >/dev/null || die "openssl is missing: apt-get install openssl"
  command -v curl >/dev/null || die "curl is missing: apt-get install curl"
  started=$(date +%s)
  stop >/dev/null
  rm -rf "$DIR"
  mkdir -p "$DIR/pki" "$DIR/logs"
  # The keys and the cluster-admin kubeconfig are for this user alone.
  chmod 700 "$DIR"
  # Three distinct ports: free_port only checks that nothing listens yet.
  etcd_port=$(free_port)
  peer_port=$etcd_port
  while [ "$peer_port" = "$etcd_port" ]; do peer_port=$(free_port); done
  PORT=$etcd_port
  while [ "$PORT" = "$etcd_port" ] || [ "$PORT" = "$peer_port" ]; do PORT=$(free_port); done
  certificate ca "/CN=platform-apiserver-ca"
  certificate kube-apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  certificate admin "/O=system:masters/CN=platform-admin"
  certificate controller-manager "/CN=system:kube-controller-manager"
  openssl ecparam -name prime256v1 -genkey -noout -out "$DIR/pki/service-accounts.key" 2>/dev/null
  openssl ec -in "$DIR/pki/service-accounts.key" -pubout -out "$DIR/pki/service-accounts.pub" 2>/dev/null
  kubeconfig admin "$DIR/kubeconfig"
  kubeconfig controller-manager "$DIR/controller-manager.kubeconfig"

  # No fsync: the data is thrown away with the directory.
  launch etcd --name platform --data-dir "$DIR/etcd" --unsafe-no-fsync --log-level warn \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "platform=http://127.0.0.1:$peer_port"
  await etcd "curl -fsS --max-time 2 http://127.0.0.1:$etcd_port/health" 30
  # A loopback advertise address stops the endpoint reconciler ("cannot use public IP 127.0.0.1"),
  # so the kubernetes Service gets no endpoints: nothing here dials it.
  launch kube-apiserver --bind-address 127.0.0.1 --secure-port "$PORT" --advertise-address 127.0.0.1 \
    --endpoint-reconciler-type none --etcd-servers "http://127.0.0.1:$etcd_port" \
    --tls-cert-file "$DIR/pki/kube-apiserver.crt" --tls-private-key-file "$DIR/pki/kube-apiserver.key" \
    --client-ca-file "$DIR/pki/ca.crt" --authorization-mode Node,RBAC --allow-privileged=true \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$DIR/pki/service-accounts.pub" \
    --service-account-signing-key-file "$DIR/pki/service-accounts.key" \
    --service-cluster-ip-range "$SERVICE_RANGE" --profiling=false
  await kube-apiserver "'$BIN/kubectl' --kubeconfig '$DIR/kubeconfig' get --raw /readyz" 90
  launch kube-controller-manager --kubeconfig "$DIR/controller-manager.kubeconfig" --leader-elect=false \
    --secure-port 0 --use-service-account-credentials --service-account-private-key-file "$DIR/pki/service-accounts.key" \
    --root-ca-file "$DIR/pki/ca.crt" --cluster-name platform
  # The ServiceAccount controller's first work: the controller manager runs.
  await kube-controller-manager "'$BIN/kubectl' --kubeconfig '$DIR/kubeconfig' -n default get serviceaccount default" 60
  echo "apiserver: $KUBERNETES_VERSION on https://127.0.0.1:$PORT, up in $(( $(date +%s) - started )) s;" \
    "KUBECONFIG=${DIR#"$ROOT"/}/kubeconfig (logs in ${DIR#"$ROOT"/}/logs)" >&2
}

stop() {
  local i pid _
  for (( i = ${#COMPONENTS[@]} - 1; i >= 0; i-- )); do
    pid=$(cat "$DIR/${COMPONENTS[$i]}.pid" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DIR/${COMPONENTS[$i]}.pid"
  done
  echo "apiserver: stopped (${DIR#"$ROOT"/})"
}

case "${1:-}" in
  start) DIR=${APISERVER_DIR:-$ROOT/target/apiserver}; start ;;
  stop) DIR=${APISERVER_DIR:-$ROOT/target/apiserver}; stop ;;
  with)
    shift
    [ $# -gt 0 ] || die "usage: $0 with command [args...]"
    DIR=$ROOT/target/apiserver-test
    trap 'stop >/dev/null 2>&1 || true' EXIT
    # A new, empty one every time, even where an interrupted run left one behind.
    stop >/dev/null
    start
    KUBECONFIG=$DIR/kubeconfig PATH="$BIN:$PATH" "$@"
    ;;
  *) die "usage: $0 start | stop | with command [args...]" ;;
esac
