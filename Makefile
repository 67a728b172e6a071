# sglab — on a fresh Debian machine:
#   make run        installs libedit-dev when it is missing, builds, starts the lab
#   make install    builds and installs sglab, its man page and bash/zsh/fish completions
#                   under PREFIX (default ~/.local: no root needed)
#   make test       the same install of libedit-dev, a build that must print no warnings,
#                   then every test (with cfn-lint, moto and the aws CLI from PyPI: pip install)
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONFIG ?= release
PREFIX ?= $(HOME)/.local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share

.PHONY: run test build deps bench clean format install uninstall warnings fuzz
FUZZ_SECONDS ?= 60

deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "Installing libedit-dev (line editing for the lab)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --product sglab

run: build
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/sglab"

# Installs the binary, the lessons and question banks it reads (share/sglab), the man page and
# completion scripts that argument-parser writes for each shell.
install: build
	@bin="$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/sglab"; \
	set -e; \
	install -d "$(BINDIR)" "$(MANDIR)/man1" "$(DATADIR)/sglab" \
		"$(DATADIR)/bash-completion/completions" "$(DATADIR)/zsh/site-functions" "$(DATADIR)/fish/vendor_completions.d"; \
	install -m 755 "$$bin" "$(BINDIR)/sglab"; \
	rm -rf "$(DATADIR)/sglab/lessons" "$(DATADIR)/sglab/quizzes"; \
	cp -R lessons quizzes "$(DATADIR)/sglab/"; \
	install -m 644 docs/sglab.1 "$(MANDIR)/man1/sglab.1"; \
	"$$bin" --generate-completion-script bash > "$(DATADIR)/bash-completion/completions/sglab"; \
	"$$bin" --generate-completion-script zsh > "$(DATADIR)/zsh/site-functions/_sglab"; \
	"$$bin" --generate-completion-script fish > "$(DATADIR)/fish/vendor_completions.d/sglab.fish"; \
	echo "installed sglab in $(BINDIR), its man page in $(MANDIR)/man1, completions under $(DATADIR)"; \
	case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: $(BINDIR) is not on your PATH; add it (e.g. in ~/.profile: export PATH=\"$(BINDIR):\$$PATH\")";; esac

uninstall:
	rm -f "$(BINDIR)/sglab" "$(MANDIR)/man1/sglab.1" "$(DATADIR)/bash-completion/completions/sglab" \
		"$(DATADIR)/zsh/site-functions/_sglab" "$(DATADIR)/fish/vendor_completions.d/sglab.fish"
	@# share/sglab also holds the progress log (~/.local/share/sglab): only the content goes.
	rm -rf "$(DATADIR)/sglab/lessons" "$(DATADIR)/sglab/quizzes"

# A clean build prints no warnings: a warning fails `make test` (and so CI, which builds from a
# fresh clone). Only files compiled by this build are seen; `make clean` first checks them all.
warnings: deps
	@mkdir -p .build; $(SWIFT) build --build-tests 2>&1 | tee .build/warnings.log; status=$${PIPESTATUS[0]}; \
	[ "$$status" = 0 ] || exit "$$status"; \
	if grep -E "warning:|unhandled" .build/warnings.log >/dev/null; then \
		echo "error: the build printed warnings (above); fix them"; exit 1; \
	fi

test: deps warnings
	@mkdir -p .build; $(SWIFT) test --skip-build 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}
	"$$($(SWIFT) build --show-bin-path)/sglab" check lessons quizzes
	CONFIG=debug SWIFT="$(SWIFT)" bash Tests/install/install-test.sh
	@# Real tools from PyPI against the exports: cfn-lint on every template, the moto round trip.
	bash Tests/accounts/real-tools.sh "$$($(SWIFT) build --show-bin-path)/sglab"
	@# CI (CI=true) also fuzzes each target for FUZZ_SECONDS; locally, `make fuzz` does.
	@if [ "$${CI:-}" = true ]; then $(MAKE) --no-print-directory fuzz; fi
	@# The test runner's own closing line, last, so the summary is the suite's, not the fuzzers'.
	@grep -E "Test run with [0-9]+ tests" .build/test.log | tail -n 1

# libFuzzer targets with the address sanitizer: the command parser and session, the lesson and
# bank loader, the saved-world loader, the progress log, the account importer (Fuzz/run.sh;
# findings under .build-fuzz/findings).
fuzz: deps
	SWIFT="$(SWIFT)" bash Fuzz/run.sh $(FUZZ_SECONDS)

bench: build
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

format:
	$(SWIFT) format lint -r Sources Tests

clean:
	rm -rf .build .build-fuzz Benchmarks/.build
