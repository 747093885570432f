#!/usr/bin/env bash
# The demo: a local kube-apiserver and the AWS emulator, the packaged operator against them, and a WekaCluster
# taken through its first steps with kubectl. Run it with `make demo` (which builds what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_DIR=target/demo
NS=weka-demo
mkdir -p "$DEMO_DIR"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
# `kubectl get wekaclusters -w` until the cluster's phase and backends read $1 (e.g. Ready/6/6).
watch_until() {
  printf '$ kubectl get wekaclusters -n %s -w\n' "$NS"
  kubectl get wekaclusters -n "$NS" -w &
  local watch=$!
  wait_for "$1" "[[ \$(kubectl get wc -n $NS -o jsonpath='{.items[0].status.phase}/{.items[0].status.backends.summary}') == '$1' ]]" 180
  sleep 0.5  # lets the watch print the line it has just received before it stops
  kill "$watch"; wait "$watch" 2>/dev/null || true
}
# Poll with a deadline instead of sleeping blindly; prints the last answer when it gives up.
wait_for() {
  local what=$1 deadline=$((SECONDS + ${3:-60}))
  until eval "$2" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then echo "timed out waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# kube-apiserver + etcd where they are built or prebuilt; else k3s in Docker (make demo built nothing then).
if bash scripts/kube-binaries.sh --check; then kubernetes=local; else kubernetes=k3s; fi
step "Starting Kubernetes ($([[ $kubernetes == k3s ]] && echo 'k3s through Testcontainers' || echo 'a local kube-apiserver + etcd')) and the AWS emulator (moto)"
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DEMO_DIR/classpath" >/dev/null
coproc ENV_PROC { WEKA_DEMO_KUBERNETES=$kubernetes java -cp "target/test-classes:target/classes:$(cat "$DEMO_DIR/classpath")" \
  io.weka.aws.operator.testenv.DemoEnvironment "$DEMO_DIR" 2>"$DEMO_DIR/environment.log"; }
pids+=("$ENV_PROC_PID")
read -r -t 300 ready <&"${ENV_PROC[0]}" || true  # k3s may pull its image first
[[ "${ready:-}" == READY ]] || { echo "the local environment did not start; see $DEMO_DIR/environment.log" >&2; exit 1; }
export KUBECONFIG=$PWD/$DEMO_DIR/kubeconfig
set -a; source "$DEMO_DIR/aws.env"; set +a
echo "API server: $(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')   AWS endpoint: $AWS_ENDPOINT_URL"

step "Installing the WekaCluster CRD"
run kubectl apply -f crds/
run kubectl wait --for=condition=Established crd/wekaclusters.aws.weka.io --timeout=60s

step "Starting the operator (target/quarkus-app), configured only by KUBECONFIG and the standard AWS settings"
# Poll often while something happens, so that the demo's cluster moves in seconds (production: 15 s and 5 min).
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=0 WEKA_OPERATOR_POLL_INTERVAL_ACTIVE=PT2S java -jar target/quarkus-app/quarkus-run.jar >"$DEMO_DIR/operator.log" 2>&1 &
pids+=($!)
wait_for "the operator to start" "grep -q \"'wekacluster' controller started\" $DEMO_DIR/operator.log" 120
echo "operator log: $DEMO_DIR/operator.log"

step "A mistake is refused at admission, with the field and the reason"
kubectl create namespace "$NS" >/dev/null
printf '$ kubectl apply -n %s -f - <<< "...backends: {count: 5}..."\n' "$NS"
sed 's/^\(\s*\)region: us-east-1/&\n\1backends: {count: 5}/' examples/minimal.yaml | kubectl apply -n "$NS" -f - 2>&1 | sed 's/^/  /' || true

step "Applying examples/minimal.yaml (the token Secret and a WekaCluster)"
run kubectl apply -n "$NS" -f examples/minimal.yaml

step "Watching it: Provisioning → Clusterizing → Ready (WEKA's functions are played by the test suite's simulator)"
watch_until Ready/6/6
kubectl get wc -n "$NS" -o jsonpath='clusterization: {.items[0].status.clusterization}{"\n"}weka: {.items[0].status.weka}{"\n"}'
wait_for "the first status" "[[ \$(kubectl get wc -n $NS -o jsonpath='{.items[0].status.observedGeneration}') == 1 ]]"
run kubectl get wekaclusters -n "$NS"
run kubectl get wekaclusters -n "$NS" -o wide
step "Its conditions (kubectl describe shows the same)"
kubectl get wc -n "$NS" -o jsonpath='{range .items[0].status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}' | column -t -s $'\t'
echo "finalizers: $(kubectl get wc -n "$NS" -o jsonpath='{.items[0].metadata.finalizers}')"
echo "AWS account (asked of STS through the emulator): $(kubectl get wc -n "$NS" -o jsonpath='{.items[0].status.outputs.awsAccountId}')"

step "What it created in AWS (status.resources), and the module's outputs (status.outputs)"
kubectl get wc -n "$NS" -o jsonpath='{range .items[0].status.resources[*]}{.kind}{"\n"}{end}' | sort | uniq -c | column -t
kubectl get wc -n "$NS" -o jsonpath='asgName: {.items[0].status.outputs.asgName}{"\n"}vpcId: {.items[0].status.outputs.vpcId}{"\n"}statusLambdaName: {.items[0].status.outputs.statusLambdaName}{"\n"}adminPasswordSecretId: {.items[0].status.outputs.adminPasswordSecretId}{"\n"}sshKeySecret: {.items[0].status.outputs.sshKeySecret}{"\n"}backendIps: {.items[0].status.outputs.backendIps}{"\n"}'
echo "AWS API calls so far, by outcome (Prometheus, /q/metrics):"
port=$(sed -n 's/.*Listening on: http:\/\/[0-9.]*:\([0-9]*\).*/\1/p' "$DEMO_DIR/operator.log" | head -1)
curl -s "http://127.0.0.1:$port/q/metrics" | grep '^weka_aws_api_calls_total' | awk '{split($0,a,"outcome=\""); split(a[2],b,"\""); n[b[1]]+=$NF} END {for (k in n) printf "  %-10s %d\n", k, n[k]}' 

step "Pausing: the operator stops calling AWS and says so"
name=$(kubectl get wc -n "$NS" -o jsonpath='{.items[0].metadata.name}')
run kubectl annotate -n "$NS" wekacluster "$name" aws.weka.io/paused=true
wait_for "Paused=True" "[[ \$(kubectl get wc $name -n $NS -o jsonpath='{.status.conditions[?(@.type==\"Paused\")].status}') == True ]]"
kubectl get wc "$name" -n "$NS" -o jsonpath='Paused: {.status.conditions[?(@.type=="Paused")].message}{"\n"}'
run kubectl annotate -n "$NS" wekacluster "$name" aws.weka.io/paused-
wait_for "Paused=False" "[[ \$(kubectl get wc $name -n $NS -o jsonpath='{.status.conditions[?(@.type==\"Paused\")].status}') == False ]]"
echo "resumed"

step "Scaling to 8 backends: the Auto Scaling group's desired capacity follows; WEKA adds the new backends"
printf '$ kubectl patch -n %s wekacluster %s --type merge -p %s\n' "$NS" "$name" "'{\"spec\":{\"backends\":{\"count\":8}}}'"
kubectl patch -n "$NS" wekacluster "$name" --type merge -p '{"spec":{"backends":{"count":8}}}'
watch_until Ready/8/8
kubectl get wc "$name" -n "$NS" -o jsonpath='backends: {.status.backends}{"\n"}'

step "Deleting: every AWS resource of the cluster goes first, then the WekaCluster"
uid=$(kubectl get wc "$name" -n "$NS" -o jsonpath='{.metadata.uid}')
run kubectl delete -n "$NS" wekacluster "$name" --timeout=120s
run kubectl get wekaclusters -n "$NS"
echo "Deleted in AWS, as the operator's events tell:"
kubectl get events -n "$NS" --field-selector reason=Deleted -o jsonpath='{range .items[*]}{.message}{"\n"}{end}' \
  | awk '{print $2}' | sort | uniq -c | column -t
echo "AWS resources still tagged weka.io/cluster-uid=$uid:"
left=$(java -cp "target/test-classes:target/classes:$(cat "$DEMO_DIR/classpath")" \
  io.weka.aws.operator.testenv.AwsLeftovers "$uid" 2>>"$DEMO_DIR/environment.log")
echo "${left:-  none}"
[[ -z "$left" ]] || { echo "resources were left behind" >&2; exit 1; }

step "Done. Everything stops now."
