#!/usr/bin/env bash
# The steps of the llmcost GitHub Action (action.yml), one subcommand per step:
#
#   action.sh install    validate the inputs; install llmcost (VERSION: empty = this action's own
#                        source, an npm version such as 0.2.0 or latest, or a git ref of the action)
#   action.sh changes    the scenarios the pull request changes; the base commit checked out in a
#                        git worktree, so relative `sample:` paths resolve against the base's files
#   action.sh comment    the comment body, its JSON verdict and the per-pair diff JSON (ci-comment)
#   action.sh check      `llmcost check` on the changed scenarios that have budgets (or do not
#                        validate): annotations, the job summary, and JUnit XML
#   action.sh post       create or update the pull-request comment (COMMENT: update | new | off)
#   action.sh gate       the exit code (FAIL_ON, MAX_INCREASE); removes the worktree
#
# Inputs arrive as environment variables set in action.yml (never pasted into a script), and the
# steps share files under $RUNNER_TEMP/llmcost. Every step but the last records failures instead of
# stopping, so the comment is posted and the worktree removed whatever the findings; `gate` decides.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${RUNNER_TEMP:?RUNNER_TEMP is not set (run inside GitHub Actions or set it)}/llmcost"
LLMCOST="$W/bin/llmcost"

# Repository-relative paths, one per line, into an array (paths may contain spaces).
read_lines() { local -n _into=$1; _into=(); [ -s "$2" ] && mapfile -t _into < "$2"; return 0; }
pricing_args() {
  local -n _args=$1; _args=()
  local files p; read_lines files "$W/changed/pricing.txt"
  for p in "${files[@]}"; do _args+=(--pricing "$p"); done
}

step_install() {
  node "$HERE/gate.mjs" --validate-only --fail-on "${FAIL_ON:-}" --max-increase "${MAX_INCREASE:-}"
  case "${COMMENT:-update}" in
    update|new|off) ;;
    *) echo "::error title=llmcost comment::got '${COMMENT}'; expected update, new or off"; exit 2 ;;
  esac
  rm -rf "$W" && mkdir -p "$W/bin"
  local version="${VERSION:-}" entry
  if [ -z "$version" ]; then
    # The action's own checkout (uses: owner/llmcost@ref). Built unless it already is.
    if [ ! -f "$GITHUB_ACTION_PATH/dist/llmcost.cjs" ]; then
      # npm ci runs the package's `prepare` script, which builds dist/.
      (cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund &&
        { [ -f dist/llmcost.cjs ] || node scripts/build.mjs; })
    fi
    entry="$GITHUB_ACTION_PATH/bin/llmcost.js"
  elif [[ "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$|^(latest|next)$ ]]; then
    npm install --prefix "$W/npm" --no-audit --no-fund --no-save "llmcost@${version#v}"
    entry="$W/npm/node_modules/llmcost/bin/llmcost.js"
  elif [[ "$version" =~ ^[A-Za-z0-9._/-]+$ ]]; then
    if [ -z "${ACTION_REPOSITORY:-}" ]; then
      # github.action_repository is not always set for composite actions (actions/runner#2473).
      echo "::error title=llmcost version::cannot tell this action's repository to check out '$version';" \
        "use an npm version, or leave version empty to run the ref the workflow names in uses:"
      exit 2
    fi
    git clone --quiet "${GITHUB_SERVER_URL:-https://github.com}/${ACTION_REPOSITORY}.git" "$W/src"
    git -C "$W/src" checkout --quiet --detach "$version"
    (cd "$W/src" && npm ci --no-audit --no-fund && { [ -f dist/llmcost.cjs ] || node scripts/build.mjs; })
    entry="$W/src/bin/llmcost.js"
  else
    echo "::error title=llmcost version::got '$version'; expected an npm version (0.2.0, latest) or a git ref"; exit 2
  fi
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$entry" > "$LLMCOST"
  chmod +x "$LLMCOST"
  local from="${version:-this action}"
  echo "llmcost $("$LLMCOST" --version) from $from"
}

step_changes() {
  local base_sha head_sha
  # The pull request's base commit; for any other event, the commit before this one.
  base_sha="$(node -e '
    const e = JSON.parse(require("fs").readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
    process.stdout.write(e.pull_request?.base?.sha ?? "")')"
  head_sha="$(git rev-parse HEAD)"
  if [ -z "$base_sha" ]; then base_sha="$(git rev-parse HEAD^ 2>/dev/null || git rev-parse HEAD)"; fi
  if ! git cat-file -e "$base_sha^{commit}" 2>/dev/null; then
    # A shallow checkout: fetch the base commit (fetch-depth: 0 in actions/checkout avoids this).
    git fetch --quiet --no-tags --depth=50 origin "$base_sha"
  fi
  node "$HERE/changed-scenarios.mjs" --base "$base_sha" --head "$head_sha" \
    --scenarios "${SCENARIOS:?the scenarios input is required}" --pricing "${PRICING:-}" --out-dir "$W/changed"
  git worktree add --quiet --detach "$W/base" "$(cat "$W/changed/base.txt")"
}

step_comment() {
  local files pargs rc=0 limit=()
  read_lines files "$W/changed/files.txt"
  pricing_args pargs
  [ -n "${MAX_INCREASE:-}" ] && limit=(--max-increase "$MAX_INCREASE")
  "$LLMCOST" ci-comment "${files[@]}" --base-dir "$W/base" "${pargs[@]}" "${limit[@]}" \
    --summary-out "$W/summary.json" --diff-dir "$W/diff" --out "$W/comment.md" || rc=$?
  echo "$rc" > "$W/comment.rc"
  # Exit 2 means a scenario does not validate: the comment says which, and the gate fails the job.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then echo "::error title=llmcost::ci-comment failed (exit $rc)"; fi
}

step_check() {
  local files pargs
  [ -f "$W/summary.json" ] || { echo "llmcost check: skipped (no verdict from ci-comment)"; return 0; }
  # Scenarios with budgets, and head files that do not validate (an annotation on the line).
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const invalidHead = (x) => x.errors.some((m) => m.startsWith("after: "));
    const pick = s.scenarios.filter((x) => (x.head && x.head.budgets > 0) || invalidHead(x));
    for (const x of pick) console.log(x.file);' "$W/summary.json" > "$W/check-files.txt"
  read_lines files "$W/check-files.txt"
  pricing_args pargs
  if [ "${#files[@]}" -eq 0 ]; then echo "llmcost check: no changed scenario has budgets"; return 0; fi
  "$LLMCOST" check "${files[@]}" "${pargs[@]}" --format junit --out "$W/llmcost-junit.xml" > /dev/null 2>&1 || true
  "$LLMCOST" check "${files[@]}" "${pargs[@]}" --format github || true
  echo "junit-path=$W/llmcost-junit.xml" >> "${GITHUB_OUTPUT:-/dev/null}"
}

step_post() {
  local files rc=0 only=()
  if [ "${COMMENT:-update}" = off ]; then echo "comment: off"; return 0; fi
  [ -f "$W/comment.md" ] || { echo "comment: none (ci-comment did not write one)"; echo 1 > "$W/post.rc"; return 0; }
  read_lines files "$W/changed/files.txt"
  # Nothing changed: correct an earlier comment (a later push reverted the change), never add one.
  [ "${#files[@]}" -eq 0 ] && only=(--update-only)
  node "$HERE/post-comment.mjs" --body "$W/comment.md" --mode "${COMMENT:-update}" "${only[@]}" || rc=$?
  echo "$rc" > "$W/post.rc"
}

step_gate() {
  local rc=0 post_rc
  node "$HERE/gate.mjs" --fail-on "${FAIL_ON:-}" --max-increase "${MAX_INCREASE:-}" \
    --summary "$W/summary.json" --diff-dir "$W/diff" || rc=$?
  git worktree remove --force "$W/base" 2>/dev/null || true
  post_rc="$(cat "$W/post.rc" 2>/dev/null || echo 0)"
  if [ "$rc" -eq 0 ] && [ "$post_rc" -ne 0 ]; then
    echo "::error title=llmcost::the comment could not be posted (see the post step)"
    rc=1
  fi
  exit "$rc"
}

case "${1:-}" in
  install|changes|comment|check|post|gate) "step_$1" ;;
  *) echo "usage: action.sh install|changes|comment|check|post|gate" >&2; exit 2 ;;
esac
