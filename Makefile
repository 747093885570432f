# The two commands a newcomer needs are `make demo` and `make test`; `make help` lists the rest.
SHELL := /bin/bash
MVNW := ./mvnw -B -ntp

.PHONY: help maven test-env unit test test-one demo build image crds clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# Every target first checks the tools it needs and lists all that are missing at once.
prerequisites-%:
	@bash scripts/check-prerequisites.sh $*

maven: prerequisites-maven ## make ./mvnw usable (fetches Maven $(MAVEN_VERSION) once, through your Maven's repository settings)
	@bash scripts/maven-wrapper-install.sh

test-env: prerequisites-test-env ## provide kube-apiserver + etcd (prebuilt if found, else built) and the pinned moto (cached outside the repo)
	bash scripts/kube-binaries.sh
	bash scripts/moto-env.sh

unit: prerequisites-unit maven ## the unit tests only (seconds: no API server, no AWS emulator)
	$(MVNW) test -Dtest='io/weka/aws/operator/unit/**,io/weka/aws/operator/config/**' -Dsurefire.failIfNoSpecifiedTests=false

test: prerequisites-test maven test-env ## run every test: unit, real API server, moto through the real AWS SDK, the image started
	$(MVNW) -Pimage verify

test-one: prerequisites-test maven test-env ## one test class (or Class#method) with what it needs: make test-one TEST=ClusterLifecycleTest
	@[[ -n "$(TEST)" ]] || { echo "usage: make test-one TEST=<TestClass>[#method]" >&2; exit 2; }
	$(MVNW) test -Dtest='$(TEST)' -Dsurefire.failIfNoSpecifiedTests=false

build: prerequisites-build maven ## build the operator (target/quarkus-app) without running tests
	$(MVNW) package -DskipTests

image: prerequisites-image maven ## build the container image as target/weka-aws-operator-image.tar, without Docker or a registry
	$(MVNW) -Pimage package -DskipTests

demo: prerequisites-demo maven build ## run the operator against a local API server (or k3s, where Docker answers and no kube binaries are prebuilt) and the AWS emulator
	bash scripts/kube-binaries.sh --or-k3s
	bash scripts/moto-env.sh
	bash scripts/demo.sh

crds: prerequisites-crds maven ## regenerate crds/ from the API model
	$(MVNW) test -Dtest=CrdIsCurrentTest -Dcrds.update=true -Dsurefire.failIfNoSpecifiedTests=false

clean:
	$(MVNW) clean
