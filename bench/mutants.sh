#!/bin/sh
# Mutation testing with cargo-mutants: does the test suite notice when the code is changed?
# Not run in CI: every mutant is a build and a full `cargo test`, so the default set (the
# engine, assess, answers and verify) takes hours on two cores. docs/mutants.md says how to
# read the results.
#
#   bench/mutants.sh                          # the default set of files
#   bench/mutants.sh --file src/assess.rs     # any cargo-mutants arguments instead
#   bench/mutants.sh --list                   # the mutants, without testing them
#
# Results go to target/mutants/mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt).
set -eu
cd "$(dirname "$0")/.."
if ! cargo mutants --version >/dev/null 2>&1; then
    echo "bench/mutants.sh: cargo-mutants is not installed; install it with" >&2
    echo "    cargo install --locked cargo-mutants" >&2
    exit 2
fi
if [ "$#" -eq 0 ]; then
    set -- \
        --file 'src/engine/*.rs' \
        --file src/assess.rs \
        --file src/answers.rs \
        --file 'src/answers/*.rs' \
        --file 'src/verify/*.rs'
fi
# One mutant at a time (cargo-mutants' default), so the machine stays usable. By default the
# tree is copied to a scratch folder and built there from scratch; `--in-place` mutates this
# tree instead (quicker, but don't edit it meanwhile, and check `git status` if interrupted).
exec cargo mutants \
    --output target/mutants \
    --timeout-multiplier 3 \
    --exclude 'src/**/tests.rs' \
    "$@"
