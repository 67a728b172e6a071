#!/usr/bin/env bash
# `make install` into a temporary PREFIX, then what a new user does: run sglab from PATH, read
# its help and man page, and load the bash completion script in bash. Run by `make test`.
set -euo pipefail
prefix="$(mktemp -d)"
work="$(mktemp -d)"
trap 'rm -rf "$prefix" "$work"' EXIT
fail() { echo "install test: $*" >&2; exit 1; }

make --no-print-directory install PREFIX="$prefix" CONFIG="${CONFIG:-debug}" >"$work/install.log" 2>&1 \
	|| { cat "$work/install.log"; fail "make install failed"; }

for f in bin/sglab share/man/man1/sglab.1 share/bash-completion/completions/sglab \
	share/zsh/site-functions/_sglab share/fish/vendor_completions.d/sglab.fish \
	share/sglab/lessons share/sglab/quizzes; do
	[ -e "$prefix/$f" ] || fail "$f was not installed"
done

# From another folder, with only the install on PATH: help, version, and the lessons found.
cd "$work"
export PATH="$prefix/bin:/usr/bin:/bin" HOME="$work" XDG_DATA_HOME="$work/data" NO_COLOR=1
unset SGLAB_CONTENT
# (Output is kept first: grep -q stops reading early, and pipefail would count the SIGPIPE.)
help="$(sglab --help)"
grep -q "USAGE: sglab" <<<"$help" || fail "sglab --help shows no usage"
grep -q "lessons" <<<"$help" || fail "sglab --help does not list the subcommands"
grep -q "^sglab " <<<"$(sglab --version)" || fail "sglab --version"
grep -q "What a security group is" <<<"$(sglab lessons)" || fail "the installed sglab does not find its lessons"
grep -q "created VPC lab" <<<"$(echo 'vpc create lab 10.0.0.0/16' | sglab)" || fail "a piped script does not run"

# The man page renders, and describes every subcommand that --help lists.
if command -v man >/dev/null; then
	page="$(MANWIDTH=80 man -l "$prefix/share/man/man1/sglab.1" 2>/dev/null)"
	grep -q "sglab - a terminal lab" <<<"$page" || fail "the man page does not render"
	for sub in $(sed -n '/^SUBCOMMANDS:/,/^$/p' <<<"$help" | awk 'NR > 1 && /^  [a-z]/ { print $1 }'); do
		grep -q "sglab $sub" <<<"$page" || fail "the man page does not describe sglab $sub"
	done
fi

# The bash completion script loads and completes subcommands.
bash --norc --noprofile -c "
	source '$prefix/share/bash-completion/completions/sglab'
	complete -p sglab >/dev/null || exit 3
	COMP_WORDS=(sglab les); COMP_CWORD=1; COMP_LINE='sglab les'; COMP_POINT=\${#COMP_LINE}
	\$(complete -p sglab | sed -E 's/.*-F ([^ ]+).*/\\1/') sglab les sglab
	printf '%s\n' \"\${COMPREPLY[@]}\"
" >"$work/completion.txt" || fail "bash could not load the completion script"
grep -qx "lessons" "$work/completion.txt" || { cat "$work/completion.txt"; fail "bash completion does not offer lessons for 'les'"; }

# zsh and fish scripts at least parse when those shells are present.
if command -v zsh >/dev/null; then zsh -n "$prefix/share/zsh/site-functions/_sglab" || fail "zsh script"; fi
if command -v fish >/dev/null; then fish -n "$prefix/share/fish/vendor_completions.d/sglab.fish" || fail "fish script"; fi

make --no-print-directory -C "$OLDPWD" uninstall PREFIX="$prefix" >/dev/null
[ ! -e "$prefix/bin/sglab" ] || fail "make uninstall left the binary"
echo "install: 1 passed, 0 failed"
