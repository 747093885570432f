# The two commands a newcomer needs are `make demo` and `make test`; `make help` lists the rest.
SHELL := /bin/bash
MVNW := ./mvnw -B -ntp

.PHONY: help maven test-env test demo build image crds clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

maven: ## make ./mvnw usable (fetches Maven $(MAVEN_VERSION) once, through your Maven's repository settings)
	@bash scripts/maven-wrapper-install.sh

test-env: ## build/install the local kube-apiserver, etcd and the pinned moto (cached outside the repo)
	bash scripts/kube-binaries.sh
	bash scripts/moto-env.sh

test: maven test-env ## run every test: unit, real API server, moto through the real AWS SDK, the image started
	$(MVNW) -Pimage verify

build: maven ## build the operator (target/quarkus-app) without running tests
	$(MVNW) package -DskipTests

image: maven ## build the container image as target/weka-aws-operator-image.tar, without Docker or a registry
	$(MVNW) -Pimage package -DskipTests

demo: maven test-env build ## run the operator against a local API server and the AWS emulator
	bash scripts/demo.sh

crds: maven ## regenerate crds/ from the API model
	$(MVNW) test -Dtest=CrdIsCurrentTest -Dcrds.update=true -Dsurefire.failIfNoSpecifiedTests=false

clean:
	$(MVNW) clean
