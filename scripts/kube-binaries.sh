#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy and lays them out where fabric8 kube-api-test
# looks for them: $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}.
# The binaries are cached outside the repository; nothing is rebuilt when they are already present.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.34.3}"
TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
OS=linux
ARCH=$(go env GOARCH)
TARGET="$TEST_DIR/k8s/$K8S_VERSION-$OS-$ARCH"
WORK="${XDG_CACHE_HOME:-$HOME/.cache}/weka-aws-operator/k8sbins-$K8S_VERSION"

if [[ -x "$TARGET/kube-apiserver" && -x "$TARGET/etcd" && -x "$TARGET/kubectl" ]]; then
  echo "kube binaries $K8S_VERSION already present in $TARGET"
  exit 0
fi

command -v go >/dev/null || { echo "go is required to build kube-apiserver and etcd" >&2; exit 1; }
mkdir -p "$WORK" "$TARGET"
cd "$WORK"
minor=${K8S_VERSION#*.}; minor=${minor%%.*}
patch=${K8S_VERSION##*.}

echo "building kube-apiserver and etcd $K8S_VERSION in $WORK (first time only; about 15-30 minutes on 2 cores)"
if [[ ! -f go.mod ]]; then
  cat > go.mod <<MOD
module local.build/k8sbins

go 1.24.0

require k8s.io/kubernetes v$K8S_VERSION
MOD
  # k/k requires its staging modules at v0.0.0 and replaces them with local paths; a consumer must
  # replace each one with its published version. Generate the list from k/k's own go.mod.
  kk_gomod=$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "replace ("
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$kk_gomod" | awk -v v="v0.$minor.$patch" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >> go.mod
fi

GOFLAGS=-mod=mod go get "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o bin/kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver

# etcd at exactly the version k/k pins for its client.
etcd_version=$(GOFLAGS=-mod=mod go list -m -f '{{.Version}}' go.etcd.io/etcd/client/v3)
GOFLAGS=-mod=mod go get "go.etcd.io/etcd/server/v3@$etcd_version"
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o bin/etcd go.etcd.io/etcd/server/v3

install -m 0755 bin/kube-apiserver "$TARGET/kube-apiserver"
install -m 0755 bin/etcd "$TARGET/etcd"
# kube-api-test insists on a kubectl beside the others; it only runs it to update a kubeconfig.
ln -sf "$(command -v kubectl)" "$TARGET/kubectl"
echo "kube binaries $K8S_VERSION installed in $TARGET"
"$TARGET/kube-apiserver" --version
