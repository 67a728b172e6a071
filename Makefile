# sglab — two commands do all set-up on a fresh Debian machine:
#   make run    installs libedit-dev when it is missing, builds, starts the lab
#   make test   the same install, then every test
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONFIG ?= release

.PHONY: run test build deps bench clean format

deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "Installing libedit-dev (line editing for the lab)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --product sglab

run: build
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/sglab"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	"$$($(SWIFT) build --show-bin-path)/sglab" check lessons quizzes

bench: build
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

format:
	$(SWIFT) format lint -r Sources Tests

clean:
	rm -rf .build Benchmarks/.build
