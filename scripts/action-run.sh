#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml). Runs kvlint once, writing
# annotations (--format github), the job summary ($GITHUB_STEP_SUMMARY)
# and, when asked, a SARIF report together, and records the exit code as
# the step output `exit-code` instead of failing: the action's last step
# decides, after the SARIF upload. It runs in the working-directory input;
# report paths stay relative to the workspace.
#
#   KVLINT          the kvlint executable (from the install step)
#   INPUT_PATH      paths, separated by spaces or newlines (default ".")
#   INPUT_ARGS      extra flags, separated by spaces
#   INPUT_FAIL_ON   error, warning or never
#   INPUT_SARIF     SARIF file to write (relative to the workspace), or empty
#   INPUT_CONFIG    kvlint.toml for every file, or empty (per-file lookup)
#   INPUT_ONLY_NEW  a baseline file: report only findings not in it
#   INPUT_SUMMARY   "true" to write the job summary
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
if [ -n "${INPUT_CONFIG:-}" ]; then flags+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_ONLY_NEW:-}" ]; then
  if [ ! -f "$INPUT_ONLY_NEW" ]; then
    echo "::error title=kvlint::only-new: no baseline file $INPUT_ONLY_NEW (write one with kvlint --write-baseline $INPUT_ONLY_NEW)"
    out "exit-code=2"
    exit 0
  fi
  flags+=(--baseline "$INPUT_ONLY_NEW")
fi
if [ "${INPUT_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  flags+=(--output-summary "$GITHUB_STEP_SUMMARY")
fi

sarif=
if [ -n "${INPUT_SARIF:-}" ]; then
  sarif=$INPUT_SARIF
  case "$sarif" in /*) ;; *) sarif="${GITHUB_WORKSPACE:-.}/$sarif" ;; esac
  mkdir -p "$(dirname "$sarif")"
  rm -f "$sarif"
  flags+=(--output-sarif "$sarif")
fi

run "$KVLINT" "${args[@]}" --format github "${flags[@]}" -- "${paths[@]}"
code=$?
out "exit-code=$code"
echo "kvlint exited $code"
if [ -n "$sarif" ]; then
  if [ -s "$sarif" ]; then
    out "sarif=$INPUT_SARIF"
  else
    echo "::warning title=kvlint::no SARIF report was written to $INPUT_SARIF"
  fi
fi
exit 0
