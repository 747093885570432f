#!/usr/bin/env bash
# Checks, before anything is built, that the tools a make target needs are installed and recent enough, and lists
# every one that is missing in one message. Usage: check-prerequisites.sh <target> (unit, build, test, demo, ...).
# Tools needed only on a first run (Maven and unzip to install ./mvnw's Maven, Go to build kube-apiserver and
# etcd) are asked for only when that first run is still to come.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:?usage: check-prerequisites.sh <make target>}
missing=()

need() {  # need <tool> <why>
  command -v "$1" >/dev/null || missing+=("$1: not found ($2)")
}

java_major() {
  java -version 2>&1 | sed -n 's/.* version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1
}

check_java() {
  if ! command -v java >/dev/null; then
    missing+=("java 17+: not found (builds and runs the operator)")
  elif (($(java_major || echo 0) < 17)); then
    missing+=("java 17+: found $(java -version 2>&1 | head -n1)")
  fi
}

check_maven_wrapper() {
  bash "$HERE/maven-wrapper-install.sh" --check && return
  need mvn "any Maven 3.x, used once to fetch the Maven ./mvnw runs"
  need unzip "unpacks the Maven ./mvnw runs, once"
}

docker_answers() {
  command -v docker >/dev/null && docker info >/dev/null 2>&1
}

check_go() {
  bash "$HERE/kube-binaries.sh" --check && return
  # The demo runs k3s through Testcontainers instead of building them.
  [[ "$target" == demo ]] && docker_answers && return
  if ! command -v go >/dev/null; then
    missing+=("go 1.24+: not found (builds kube-apiserver and etcd, once; or put prebuilt ones on the PATH or in \
KUBEBUILDER_ASSETS)")
    return
  fi
  local version
  version=$(go env GOVERSION 2>/dev/null); version=${version#go}
  if [[ "$(printf '%s\n%s\n' 1.24 "$version" | sort -V | head -n1)" != 1.24 ]]; then
    missing+=("go 1.24+: found ${version:-an unknown version} (builds kube-apiserver and etcd, once)")
  fi
}

check_python() {
  if ! command -v python3 >/dev/null; then
    missing+=("python3 3.11+ with venv: not found (runs the AWS emulator, moto)")
  elif ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    missing+=("python3 3.11+ with venv: found $(python3 --version 2>&1), older or without venv (on Debian/Ubuntu: \
the python3-venv package)")
  fi
}

case "$target" in
  unit | build | image | crds | maven)
    check_java; check_maven_wrapper ;;
  test | demo | test-env)
    check_java; check_maven_wrapper; check_go; check_python
    need kubectl "the tests and kube-api-test drive the API server with it" ;;
  *)
    echo "check-prerequisites.sh: unknown target $target" >&2; exit 2 ;;
esac

if ((${#missing[@]})); then
  {
    echo "make $target needs tools that are missing or too old:"
    printf '  - %s\n' "${missing[@]}"
    echo "Install them (README.md, \"Try it on this machine\") and run make $target again."
  } >&2
  exit 1
fi
