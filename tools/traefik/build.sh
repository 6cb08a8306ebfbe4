#!/usr/bin/env bash
# Builds the Traefik proxy binary from the Go modules of go.mod: tools/traefik/build.sh OUTPUT
#
# The Go module proxy refuses 8 of the modules that Traefik's packages import, so go build
# -overlay leaves out the upstream files that import them and adds this folder's stubs:
#   - Traefik's pkg/middlewares/auth/{basic,digest}_auth.go (containous/go-http-auth) give way to
#     stubs/auth/auth.go: the BasicAuth and DigestAuth middlewares fail, so their routers are not served;
#   - lego's DNS-01 providers in LEGO_STUBBED (Akamai EdgeDNS, Huawei Cloud, Oracle Cloud, Sakura
#     Cloud, UCloud, Yandex Cloud SDKs) give way to stubs/legodns/provider.go, which refuses them.
# go build refuses an overlay of files beneath GOMODCACHE, so a copy of go.mod, given to -modfile,
# replaces the two modules with symlinks to their module cache folders, under .build/ (removed on exit).
set -euo pipefail

out=${1:?usage: build.sh OUTPUT}
case $out in /*) ;; *) out=$PWD/$out ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

LEGO_STUBBED=(edgedns huaweicloud oraclecloud sakuracloud ucloud yandexcloud)

go mod download github.com/traefik/traefik/v3 github.com/go-acme/lego/v5
traefik_version=$(go list -m -f '{{.Version}}' github.com/traefik/traefik/v3)

# A folder inside this one, so that the binary's build information names no temporary path.
work=.build
rm -rf "$work"
mkdir -p "$work/modules"
trap 'rm -rf "$here/$work"' EXIT
cp go.mod go.sum "$work/"
link() { # link MODULE NAME: prints the folder that replaces MODULE
	ln -s "$(go list -m -f '{{.Dir}}' "$1")" "$work/modules/$2"
	go mod edit -modfile="$work/go.mod" -replace="$1=./$work/modules/$2"
	echo "$here/$work/modules/$2"
}
traefik_dir=$(link github.com/traefik/traefik/v3 traefik)
lego_dir=$(link github.com/go-acme/lego/v5 lego)

entries=()
# replace: the upstream file is read as the stub; delete: the upstream file is left out.
replace() { entries+=("\"$1\": \"$2\""); }
delete() { entries+=("\"$1\": \"\""); }

auth=$traefik_dir/pkg/middlewares/auth
replace "$auth/basic_auth.go" "$here/stubs/auth/auth.go"
delete "$auth/digest_auth.go"

for name in "${LEGO_STUBBED[@]}"; do
	dir=$lego_dir/providers/dns/$name
	for file in "$dir"/*.go; do
		[[ $file == *_test.go ]] || delete "$file"
	done
	sed "s/legodns/$name/g" stubs/legodns/provider.go >"$work/$name.go"
	replace "$dir/zz_stub.go" "$here/$work/$name.go"
done

{
	printf '{"Replace": {\n'
	sep=''
	for entry in "${entries[@]}"; do
		printf '%s  %s' "$sep" "$entry"
		sep=$',\n'
	done
	printf '\n}}\n'
} >"$work/overlay.json"

mkdir -p "$(dirname "$out")"
CGO_ENABLED=0 go build -modfile="$work/go.mod" -overlay "$work/overlay.json" -trimpath \
	-ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$traefik_version" \
	-o "$out" github.com/traefik/traefik/v3/cmd/traefik
