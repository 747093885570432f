#!/usr/bin/env bash
# Installs the pinned AWS emulator (moto, see scripts/moto/requirements.txt) into a virtualenv cached
# outside the repository, at ${XDG_CACHE_HOME:-$HOME/.cache}/weka-aws-operator/moto-venv-<moto version>.
# Nothing is installed when that venv is already complete (a marker records the requirements' hash).
# The last line printed is WEKA_MOTO_PYTHON=<venv>/bin/python, the interpreter that runs
# scripts/moto/launcher.py; the Java tests find the same path, or take it from $WEKA_MOTO_PYTHON.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQS="$HERE/moto/requirements.txt"
MOTO_VERSION=$(sed -n 's/^moto\[server\]==\([^ ;]*\).*/\1/p' "$REQS")
[[ -n "$MOTO_VERSION" ]] || { echo "no moto[server]==<version> pin in $REQS" >&2; exit 1; }
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/weka-aws-operator"
VENV="$CACHE/moto-venv-$MOTO_VERSION"
MARKER="$VENV/.weka-installed"
want=$(sha256sum "$REQS" | cut -d' ' -f1)

done_msg() {
  echo "moto $MOTO_VERSION ready in $VENV"
  echo "WEKA_MOTO_PYTHON=$VENV/bin/python"
}

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$want" && -x "$VENV/bin/python" ]]; then
  done_msg
  exit 0
fi

mkdir -p "$CACHE"
# Two builds at once (parallel CI jobs) would trample one venv; take turns. A venv cannot be built
# elsewhere and moved (its scripts hold absolute paths), hence a lock rather than a rename.
if command -v flock >/dev/null; then
  exec 9>"$VENV.lock"
  flock 9
  if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$want" ]]; then done_msg; exit 0; fi
fi

command -v python3 >/dev/null || { echo "python3 is required to run the AWS emulator" >&2; exit 1; }
echo "installing moto $MOTO_VERSION into $VENV (first time only; about a minute)"
rm -rf "$VENV"  # a half-built or outdated venv: start over rather than patch it
python3 -m venv "$VENV" || {
  echo "python3 -m venv failed; on Debian/Ubuntu install the python3-venv package" >&2
  exit 1
}
"$VENV/bin/python" -m pip install --no-input --disable-pip-version-check --progress-bar off \
  -r "$REQS"
# Fail here, not in the first test, if the install is unusable.
"$VENV/bin/python" - "$MOTO_VERSION" <<'PY'
import sys
import moto, moto.server, flask  # noqa: F401  (the server extra)
from moto.iam import aws_managed_policies  # noqa: F401  (needed for MOTO_IAM_LOAD_MANAGED_POLICIES)
assert moto.__version__ == sys.argv[1], f"moto {moto.__version__} installed, {sys.argv[1]} pinned"
PY
echo "$want" > "$MARKER"
done_msg
