#!/usr/bin/env python3
"""Run a composite GitHub Action's steps locally, the way the runner would.

    run_action.py ACTION_DIR --workspace DIR [--input NAME=VALUE]...
                  [--action-ref REF] [--report FILE] [--run-uses REF=CMD]...

It reads ACTION_DIR/action.yml, fills in the inputs (defaults for those not
given; an input the action does not declare is an error), and goes through
runs.steps in order:

  * `if:` is evaluated (the subset of GitHub's expression language actions
    use: contexts inputs, github, steps, env, runner; literals; == != && || !
    and parentheses; success() failure() always() cancelled()); without a
    status function it is ANDed with success(), as on GitHub
  * a `run:` step gets ${{ }} substituted in run, env and working-directory
    and runs with bash --noprofile --norc -eo pipefail, in the workspace,
    with GITHUB_ACTIONS=true, GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_ENV,
    GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP ...; its GITHUB_OUTPUT
    becomes steps.<id>.outputs; the report records the job summary written
    and the PATH entries later steps of the job would inherit
  * a `uses:` step is not run (it would need the network and GitHub); it is
    logged with its evaluated `with:`, and recorded in the report as run or
    skipped, unless --run-uses maps its ref to a local command

Steps' standard output and error pass through; the harness's own lines go to
standard error, prefixed "[action]". The exit code is 0 when every step that
ran succeeded, 1 otherwise; --report writes a JSON record of steps and the
action's outputs. Expressions it does not understand are errors, so a change
to action.yml cannot slip past silently.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml


class ExprError(Exception):
    pass


TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<str>'(?:[^']|'')*')"
    r"|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<op>==|!=|&&|\|\||!|\(|\)|,|<=|>=|<|>)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]*\])*)"
    r")"
)

STATUS_FUNCS = {"success", "failure", "always", "cancelled"}


def tokenize(src):
    pos, out = 0, []
    src = src.strip()
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m or m.end() == pos:
            raise ExprError(f"cannot parse expression at {src[pos:]!r} in {src!r}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


class Evaluator:
    def __init__(self, contexts, failed):
        self.contexts = contexts
        self.failed = failed

    def evaluate(self, src):
        self.toks = tokenize(src)
        self.i = 0
        v = self.or_()
        if self.i != len(self.toks):
            raise ExprError(f"unexpected {self.toks[self.i][1]!r} in {src!r}")
        return v

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, val=None):
        tok = self.peek()
        if val is not None and tok[1] != val:
            raise ExprError(f"expected {val!r}, got {tok[1]!r}")
        self.i += 1
        return tok

    def or_(self):
        v = self.and_()
        while self.peek()[1] == "||":
            self.take()
            r = self.and_()
            v = v if truthy(v) else r
        return v

    def and_(self):
        v = self.cmp()
        while self.peek()[1] == "&&":
            self.take()
            r = self.cmp()
            v = r if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek()[1] in ("==", "!=", "<", ">", "<=", ">="):
            op = self.take()[1]
            r = self.unary()
            a, b = coerce(v, r)
            v = {
                "==": a == b, "!=": a != b, "<": a < b,
                ">": a > b, "<=": a <= b, ">=": a >= b,
            }[op]
        return v

    def unary(self):
        if self.peek()[1] == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, val = self.take()
        if kind == "op" and val == "(":
            v = self.or_()
            self.take(")")
            return v
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return float(val)
        if kind == "name":
            if val in ("true", "false"):
                return val == "true"
            if val == "null":
                return None
            if self.peek()[1] == "(":
                self.take("(")
                self.take(")")
                return self.call(val)
            return self.lookup(val)
        raise ExprError(f"unexpected {val!r}")

    def call(self, name):
        if name == "always":
            return True
        if name == "success":
            return not self.failed
        if name == "failure":
            return self.failed
        if name == "cancelled":
            return False
        raise ExprError(f"function {name}() is not supported by this harness")

    def lookup(self, path):
        parts = re.findall(r"[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]*\]", path)
        head = parts[0]
        if head not in self.contexts:
            raise ExprError(f"unknown context {head!r} in {path!r}")
        v = self.contexts[head]
        for p in parts[1:]:
            if p.startswith("["):
                p = p[1:-1].strip("'")
            if isinstance(v, dict):
                v = v.get(p)
            else:
                v = None
        return v


def truthy(v):
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, str):
        return v != ""
    return True


def coerce(a, b):
    """GitHub's loose equality: strings compare case-insensitively; mixed
    types compare as numbers (null and '' are 0)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.lower(), b.lower()
    if type(a) is type(b):
        return a, b

    def num(x):
        if x is None:
            return 0.0
        if isinstance(x, bool):
            return 1.0 if x else 0.0
        if isinstance(x, (int, float)):
            return float(x)
        if isinstance(x, str):
            try:
                return float(x) if x.strip() else 0.0
            except ValueError:
                return float("nan")
        return float("nan")

    return num(a), num(b)


def to_str(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def substitute(text, ev):
    if not isinstance(text, str):
        return to_str(text)

    def repl(m):
        return to_str(ev.evaluate(m.group(1)))

    return re.sub(r"\$\{\{(.*?)\}\}", repl, text, flags=re.S)


def condition(cond, ev):
    if cond is None:
        return not ev.failed
    if isinstance(cond, bool):
        return cond and not ev.failed
    src = str(cond).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", src, flags=re.S)
    if m:
        src = m.group(1)
    names = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", src))
    if not names & STATUS_FUNCS:
        src = f"success() && ({src})"
    return truthy(ev.evaluate(src))


def read_file_commands(path):
    """Parse a GITHUB_OUTPUT/GITHUB_ENV file: name=value or name<<DELIM."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            val = []
            while i < len(lines) and lines[i] != delim:
                val.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(val)
        elif "=" in line:
            name, val = line.split("=", 1)
            out[name] = val
        else:
            raise SystemExit(f"[action] malformed line in {path}: {line!r}")
    return out


def log(msg):
    print(f"[action] {msg}", file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action_dir")
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--action-ref", default="")
    ap.add_argument("--report")
    ap.add_argument("--run-uses", action="append", default=[], metavar="REF=CMD",
                    help="run CMD (a shell command) in place of the uses: step REF")
    a = ap.parse_args()

    action_dir = os.path.abspath(a.action_dir)
    workspace = os.path.abspath(a.workspace)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action.get("runs", {}).get("using") != "composite":
        raise SystemExit("[action] not a composite action")

    declared = action.get("inputs") or {}
    inputs = {k: to_str((v or {}).get("default", "")) for k, v in declared.items()}
    for kv in a.input:
        name, _, value = kv.partition("=")
        if name not in declared:
            raise SystemExit(f"[action] action.yml declares no input {name!r}")
        inputs[name] = value
    run_uses = dict(kv.split("=", 1) for kv in a.run_uses)

    temp = tempfile.mkdtemp(prefix="runner-temp.")
    try:
        return run_steps(a, action, action_dir, workspace, inputs, run_uses, temp)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def run_steps(a, action, action_dir, workspace, inputs, run_uses, temp):
    base_env = dict(os.environ)
    base_env.update({
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_ACTION_PATH": action_dir,
        "GITHUB_ACTION_REF": a.action_ref,
        "RUNNER_TEMP": temp,
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "GITHUB_STEP_SUMMARY": os.path.join(temp, "step-summary.md"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "octo/worker",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
    })
    contexts = {
        "inputs": inputs,
        "github": {
            "action_path": action_dir,
            "workspace": workspace,
            "action_ref": a.action_ref,
            "event_name": "push",
        },
        "runner": {"temp": temp, "os": "Linux", "arch": "X64"},
        "steps": {},
        "env": {},
    }
    ev = Evaluator(contexts, failed=False)
    report = {"steps": [], "outputs": {}, "inputs": inputs}
    extra_path = []

    for n, step in enumerate(action["runs"].get("steps") or [], 1):
        sid = step.get("id") or f"__step{n}"
        name = step.get("name") or step.get("uses") or f"step {n}"
        record = {"n": n, "id": step.get("id"), "name": name}
        report["steps"].append(record)
        contexts["env"] = {k: substitute(v, ev) for k, v in (step.get("env") or {}).items()}
        if not condition(step.get("if"), ev):
            log(f"step {n} ({name}): skipped (if: {step.get('if')})")
            record["status"] = "skipped"
            continue

        if "uses" in step:
            record["uses"] = step["uses"]
            record["with"] = {k: substitute(v, ev) for k, v in (step.get("with") or {}).items()}
            cmd = run_uses.get(step["uses"])
            if cmd is None:
                log(f"step {n} ({name}): would run uses: {step['uses']} with {json.dumps(record['with'])}")
                record["status"] = "uses-not-run"
                continue
            script, shell = cmd, "bash"
            env_step = {f"INPUT_{k.upper().replace(' ', '_')}": v for k, v in record["with"].items()}
        else:
            shell = step.get("shell")
            if shell not in ("bash", "sh"):
                raise SystemExit(f"[action] step {n}: shell {shell!r}: composite run steps need shell bash or sh here")
            script = substitute(step["run"], ev)
            env_step = contexts["env"]

        out_file = os.path.join(temp, f"output-{n}")
        env_file = os.path.join(temp, f"env-{n}")
        path_file = os.path.join(temp, f"path-{n}")
        for p in (out_file, env_file, path_file):
            open(p, "w").close()
        env = dict(base_env)
        if extra_path:
            env["PATH"] = os.pathsep.join(extra_path + [env.get("PATH", "")])
        env.update(env_step)
        env.update({"GITHUB_OUTPUT": out_file, "GITHUB_ENV": env_file, "GITHUB_PATH": path_file})
        script_file = os.path.join(temp, f"step-{n}.sh")
        with open(script_file, "w", encoding="utf-8") as f:
            f.write(script)
        argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_file] if shell == "bash" \
            else ["sh", "-e", script_file]
        cwd = os.path.join(workspace, substitute(step.get("working-directory", ""), ev))
        log(f"step {n} ({name}): {' '.join(shlex.quote(x) for x in argv[:-1])} <<'EOF'\n{script.rstrip()}\nEOF")
        sys.stdout.flush()
        rc = subprocess.call(argv, cwd=cwd, env=env)
        outputs = read_file_commands(out_file)
        contexts["steps"][sid] = {"outputs": outputs, "outcome": "success" if rc == 0 else "failure",
                                  "conclusion": "success" if rc == 0 else "failure"}
        base_env.update(read_file_commands(env_file))
        with open(path_file, encoding="utf-8") as f:
            extra_path = [p for p in f.read().splitlines() if p][::-1] + extra_path
        record.update(status="success" if rc == 0 else "failure", exit_code=rc, outputs=outputs)
        log(f"step {n} ({name}): exit {rc}; outputs {json.dumps(outputs)}")
        if rc != 0:
            ev.failed = True

    contexts["env"] = {}
    for name, spec in (action.get("outputs") or {}).items():
        report["outputs"][name] = substitute((spec or {}).get("value", ""), ev)
    report["result"] = "failure" if ev.failed else "success"
    # What the job's later steps would inherit, and the job summary.
    report["path_added"] = extra_path
    try:
        with open(base_env["GITHUB_STEP_SUMMARY"], encoding="utf-8") as f:
            report["summary"] = f.read()
    except FileNotFoundError:
        report["summary"] = ""
    log(f"result: {report['result']}; outputs {json.dumps(report['outputs'])}")
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
    return 1 if ev.failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ExprError as e:
        print(f"[action] expression error: {e}", file=sys.stderr)
        sys.exit(3)
