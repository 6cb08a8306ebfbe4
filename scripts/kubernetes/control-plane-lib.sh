# shellcheck shell=bash
# What apiserver.sh and cluster.sh share: certificates, kubeconfigs, and starting a component in the
# background and waiting for it. Sourced, not run; the sourcing script sets LOG_PREFIX (for messages),
# DIR (pki/, logs/, <component>.pid), COMPONENTS, BIN, CLUSTER_NAME, SERVER, PORT, SERVICE_RANGE and SERVICE_IP,
# and defines stop.

running() { # component
  local pid
  pid=$(cat "$DIR/$1.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null
}

# Why a component did not come up: the last lines of its log.
failed() { # component what
  echo "$LOG_PREFIX: $1 $2; the last lines of $DIR/logs/$1.log:" >&2
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

# Stops COMPONENTS in the reverse of their order: SIGTERM, then SIGKILL after 10 s.
stop_components() {
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
- name: $CLUSTER_NAME
  cluster:
    server: $SERVER
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: $1
  user:
    client-certificate-data: $(base64 -w0 < "$pki/$1.crt")
    client-key-data: $(base64 -w0 < "$pki/$1.key")
contexts:
- name: $CLUSTER_NAME
  context:
    cluster: $CLUSTER_NAME
    user: $1
current-context: $CLUSTER_NAME
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


# The CA, the API server's serving certificate (for ADDRESS and the kubernetes Service's names), the
# cluster-admin's and the controller manager's client certificates and kubeconfigs, and the
# service-account signing key.
make_pki() { # address
  certificate ca "/CN=$CLUSTER_NAME-ca"
  certificate kube-apiserver "/CN=kube-apiserver" \
    "IP:$1,IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  certificate admin "/O=system:masters/CN=platform-admin"
  certificate controller-manager "/CN=system:kube-controller-manager"
  openssl ecparam -name prime256v1 -genkey -noout -out "$DIR/pki/service-accounts.key" 2>/dev/null
  openssl ec -in "$DIR/pki/service-accounts.key" -pubout -out "$DIR/pki/service-accounts.pub" 2>/dev/null
  kubeconfig admin "$DIR/kubeconfig"
  kubeconfig controller-manager "$DIR/controller-manager.kubeconfig"
}

# etcd on two free 127.0.0.1 ports, kube-apiserver on ADDRESS:PORT with APISERVER_FLAGS, and
# kube-controller-manager with CONTROLLER_MANAGER_FLAGS; returns once the controller manager works.
start_control_plane() { # address
  local etcd_port peer_port
  # Distinct ports: free_port only checks that nothing listens yet.
  etcd_port=$(free_port)
  peer_port=$etcd_port
  while [ "$peer_port" = "$etcd_port" ] || [ "$peer_port" = "$PORT" ]; do peer_port=$(free_port); done
  while [ "$etcd_port" = "$PORT" ]; do etcd_port=$(free_port); done
  # No fsync: the data is thrown away with the directory.
  launch etcd --name platform --data-dir "$DIR/etcd" --unsafe-no-fsync --log-level warn \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "platform=http://127.0.0.1:$peer_port"
  await etcd "curl -fsS --max-time 2 http://127.0.0.1:$etcd_port/health" 30
  launch kube-apiserver --bind-address "$1" --secure-port "$PORT" --advertise-address "$1" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --tls-cert-file "$DIR/pki/kube-apiserver.crt" --tls-private-key-file "$DIR/pki/kube-apiserver.key" \
    --client-ca-file "$DIR/pki/ca.crt" --authorization-mode Node,RBAC --allow-privileged=true \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$DIR/pki/service-accounts.pub" \
    --service-account-signing-key-file "$DIR/pki/service-accounts.key" \
    --service-cluster-ip-range "$SERVICE_RANGE" --profiling=false ${APISERVER_FLAGS[@]+"${APISERVER_FLAGS[@]}"}
  await kube-apiserver "'$BIN/kubectl' --kubeconfig '$DIR/kubeconfig' get --raw /readyz" 90
  launch kube-controller-manager --kubeconfig "$DIR/controller-manager.kubeconfig" --leader-elect=false \
    --secure-port 0 --use-service-account-credentials --service-account-private-key-file "$DIR/pki/service-accounts.key" \
    --root-ca-file "$DIR/pki/ca.crt" --cluster-name platform ${CONTROLLER_MANAGER_FLAGS[@]+"${CONTROLLER_MANAGER_FLAGS[@]}"}
  # The ServiceAccount controller's first work: the controller manager runs.
  await kube-controller-manager "'$BIN/kubectl' --kubeconfig '$DIR/kubeconfig' -n default get serviceaccount default" 60
}
