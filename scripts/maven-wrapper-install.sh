#!/usr/bin/env bash
# Makes ./mvnw usable without naming a download host: fetches the Maven distribution that
# .mvn/wrapper/maven-wrapper.properties names through the machine's own Maven (and so through its
# repository settings), and unpacks it into the slot where mvnw looks first. Does nothing when present.
# `maven-wrapper-install.sh --check` installs nothing: it exits 0 when ./mvnw's Maven is present, else 1.
set -euo pipefail
cd "$(dirname "$0")/.."

url=$(sed -n 's/^distributionUrl=//p' .mvn/wrapper/maven-wrapper.properties)
file=${url##*/}                                   # apache-maven-3.9.12-bin.zip
name=${file%.zip}; name=${name%-bin}              # apache-maven-3.9.12
version=${name#apache-maven-}
eval "$(sed -n '/^hash_string()/,/^}/p' mvnw)"   # the wrapper's own slot hash, not a copy of it
maven_home="${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists/$name/$(hash_string "$url")"
[[ -x "$maven_home/bin/mvn" ]] && exit 0
[[ "${1:-}" == "--check" ]] && exit 1

command -v mvn >/dev/null || { echo "a Maven (any 3.x) is needed once to fetch Maven $version for ./mvnw" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.apache.maven:apache-maven:$version:zip:bin" -DoutputDirectory="$tmp")
unzip -q "$tmp/$file" -d "$tmp/unpacked"
mkdir -p "$(dirname "$maven_home")"
mv "$tmp/unpacked/$name" "$maven_home"
echo "Maven $version installed for ./mvnw"
