#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml). Runs kvlint with annotations
# (--format github) and, when asked, a SARIF report, and records the exit
# code as the step output `exit-code` instead of failing: the action's last
# step decides, after the SARIF upload.
#
#   KVLINT         the kvlint executable (from the install step)
#   INPUT_PATH     paths, separated by spaces or newlines (default ".")
#   INPUT_ARGS     extra flags, separated by spaces
#   INPUT_FAIL_ON  error, warning or never
#   INPUT_SARIF    SARIF file to write, or empty
set -o pipefail # no -u: "${a[@]}" of an empty array is an error under -u in bash < 4.4 (macOS)

out() { echo "$1" >> "$GITHUB_OUTPUT"; }

# run CMD...: show the command line (shell-quoted), then run it.
run() {
  local shown
  printf -v shown '%q ' "$@"
  echo "${shown% }"
  "$@"
}

# Split on whitespace without glob expansion: kvlint expands globs itself.
paths=() args=()
read -r -d '' -a paths <<< "${INPUT_PATH:-}" || true
read -r -d '' -a args <<< "${INPUT_ARGS:-}" || true
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi

flags=()
case "${INPUT_FAIL_ON:-error}" in
  error|never) ;;
  warning) flags+=(--max-warnings 0) ;;
  *)
    echo "::error title=kvlint::fail-on is \"$INPUT_FAIL_ON\"; want error, warning or never"
    out "exit-code=2"
    exit 0 ;;
esac

if [ -n "${INPUT_SARIF:-}" ]; then
  mkdir -p "$(dirname "$INPUT_SARIF")"
  rm -f "$INPUT_SARIF"
  run "$KVLINT" "${args[@]}" --format sarif --output "$INPUT_SARIF" "${flags[@]}" -- "${paths[@]}"
  if [ -s "$INPUT_SARIF" ]; then
    out "sarif=$INPUT_SARIF"
  else
    echo "::warning title=kvlint::no SARIF report was written to $INPUT_SARIF"
  fi
fi

run "$KVLINT" "${args[@]}" --format github "${flags[@]}" -- "${paths[@]}"
code=$?
out "exit-code=$code"
echo "kvlint exited $code"
exit 0
