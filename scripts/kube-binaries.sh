#!/usr/bin/env bash
# Provides kube-apiserver, etcd and kubectl where fabric8 kube-api-test looks for them:
# $KUBE_API_TEST_DIR/k8s/<version>-linux-<arch>/{kube-apiserver,etcd,kubectl} (it uses the newest version there).
#
# Prebuilt binaries are used when they exist, in this order:
#   1. a version already in the kube-api-test cache;
#   2. $KUBEBUILDER_ASSETS (what `setup-envtest use -p path` prints; controller-runtime's envtest uses it too);
#   3. kube-apiserver and etcd on the PATH.
# They are linked into the cache under the version they report. Only when none is found (or the one found is
# older than K8S_MIN_VERSION) are kube-apiserver $K8S_VERSION and the etcd it pins built from the Go module proxy,
# once. The script says which path it took.
#
# `kube-binaries.sh --check` builds and links nothing: it exits 0 when a usable set exists (no Go needed), else 1.
# `kube-binaries.sh --or-k3s` (the demo's) builds nothing when no prebuilt set exists but Docker answers: the demo
# then runs k3s through Testcontainers instead.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.34.3}"
# The CRD's CEL rules (transition rules with optionalOldSelf, messageExpression) need at least this.
K8S_MIN_VERSION="${K8S_MIN_VERSION:-1.30.0}"
TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
OS=linux
case "$(uname -m)" in
  x86_64 | amd64) ARCH=amd64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) ARCH=$(uname -m) ;;
esac
WORK="${XDG_CACHE_HOME:-$HOME/.cache}/weka-aws-operator/k8sbins-$K8S_VERSION"

# 1.31.2 from "Kubernetes v1.31.2"; empty when the binary does not answer.
apiserver_version() {
  "$1" --version 2>/dev/null | sed -n 's/^Kubernetes v\([0-9][0-9.]*\).*/\1/p' | head -n1
}

etcd_version() {
  "$1" --version 2>/dev/null | sed -n 's/^etcd Version: \([0-9][0-9.]*\).*/\1/p' | head -n1
}

# True when dotted version $1 >= $2.
at_least() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

cached_set() {
  local dir
  for dir in "$TEST_DIR"/k8s/*-"$OS-$ARCH"; do
    if [[ -x "$dir/kube-apiserver" && -x "$dir/etcd" && -x "$dir/kubectl" ]]; then
      echo "$dir"
    fi
  done | sort -rV | head -n1
}

# Sets FOUND_APISERVER, FOUND_ETCD, FOUND_KUBECTL, FOUND_VERSION and FOUND_WHERE for the first usable prebuilt set
# outside the cache; returns 1 when there is none. Too old a set is reported and skipped.
find_prebuilt() {
  local where apiserver etcd kubectl version
  local candidates=()
  if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
    candidates+=("KUBEBUILDER_ASSETS ($KUBEBUILDER_ASSETS)|$KUBEBUILDER_ASSETS/kube-apiserver|$KUBEBUILDER_ASSETS/etcd|$KUBEBUILDER_ASSETS/kubectl")
  fi
  if command -v kube-apiserver >/dev/null && command -v etcd >/dev/null; then
    candidates+=("the PATH|$(command -v kube-apiserver)|$(command -v etcd)|")
  fi
  for candidate in ${candidates[@]+"${candidates[@]}"}; do
    IFS='|' read -r where apiserver etcd kubectl <<<"$candidate"
    [[ -x "$apiserver" && -x "$etcd" ]] || continue
    [[ -x "$kubectl" ]] || kubectl=$(command -v kubectl || true)
    version=$(apiserver_version "$apiserver")
    if [[ -z "$version" ]]; then
      echo "ignoring $apiserver from $where: it does not report a version" >&2
      continue
    fi
    if ! at_least "$version" "$K8S_MIN_VERSION"; then
      echo "ignoring kube-apiserver $version from $where: older than $K8S_MIN_VERSION" >&2
      continue
    fi
    FOUND_APISERVER=$apiserver FOUND_ETCD=$etcd FOUND_KUBECTL=$kubectl FOUND_VERSION=$version FOUND_WHERE=$where
    return 0
  done
  return 1
}

cached=$(cached_set)
if [[ "${1:-}" == "--check" ]]; then
  [[ -n "$cached" ]] || find_prebuilt 2>/dev/null
  exit
fi

if [[ -n "$cached" ]]; then
  echo "kube binaries: using the kube-api-test cache, $cached (nothing built)"
  exit 0
fi

if find_prebuilt; then
  [[ -n "$FOUND_KUBECTL" ]] || { echo "kubectl is required (kube-api-test runs it beside kube-apiserver)" >&2; exit 1; }
  target="$TEST_DIR/k8s/$FOUND_VERSION-$OS-$ARCH"
  mkdir -p "$target"
  ln -sf "$FOUND_APISERVER" "$target/kube-apiserver"
  ln -sf "$FOUND_ETCD" "$target/etcd"
  ln -sf "$FOUND_KUBECTL" "$target/kubectl"
  echo "kube binaries: using prebuilt kube-apiserver $FOUND_VERSION and etcd $(etcd_version "$FOUND_ETCD") from" \
    "$FOUND_WHERE, linked into $target (nothing built)"
  exit 0
fi

if [[ "${1:-}" == "--or-k3s" ]] && docker info >/dev/null 2>&1; then
  echo "kube binaries: no prebuilt kube-apiserver and etcd found; Docker answers, so the demo runs k3s through" \
    "Testcontainers (nothing built)"
  exit 0
fi

TARGET="$TEST_DIR/k8s/$K8S_VERSION-$OS-$ARCH"
command -v go >/dev/null || {
  echo "no prebuilt kube-apiserver and etcd found (kube-api-test cache, KUBEBUILDER_ASSETS, PATH), and go is" \
    "required to build them" >&2
  exit 1
}
mkdir -p "$WORK" "$TARGET"
cd "$WORK"
minor=${K8S_VERSION#*.}; minor=${minor%%.*}
patch=${K8S_VERSION##*.}

echo "kube binaries: no prebuilt kube-apiserver and etcd found (kube-api-test cache, KUBEBUILDER_ASSETS, PATH);"
echo "building kube-apiserver and etcd $K8S_VERSION in $WORK (first time only; about 10 minutes on 2 cores)"
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
echo "kube binaries: built kube-apiserver and etcd $K8S_VERSION, installed in $TARGET"
"$TARGET/kube-apiserver" --version
