"""Deploy-to-visible latency across two inferd replicas on one database (bench/replicas.sh runs it).

Deploys version k = 1..N of a Python function returning x * k through replica A, and after each
deploy's HTTP answer polls replica B every few milliseconds with {"data": 10} at
/v1/NAME/latest until it answers {"data": 10 * k}. Prints the deploy's own duration and the time
from A's answer to B's first correct answer: every value, the median and the worst. Exits 1 when a
deploy fails or B does not answer the new version within --give-up seconds.

    python3 bench/replicas_visible.py --a http://127.0.0.1:19122 --b http://127.0.0.1:19123 --name demo

Only the standard library; set INFERD_ADMIN_KEY when the database holds an admin key.
"""
import argparse
import http.client
import json
import datetime
import os
import re
import statistics
import sys
import time
import urllib.parse


def connection(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def post(conn, path, body, headers=None):
    """One POST on a kept-alive connection: (status, parsed body or text)."""
    conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="replica A's base URL, where versions are deployed")
    parser.add_argument("--b", required=True, help="replica B's base URL, which is polled")
    parser.add_argument("--name", required=True, help="the deployment's name (it should not exist yet)")
    parser.add_argument("--deploys", type=int, default=20)
    parser.add_argument("--poll-ms", type=float, default=5.0)
    parser.add_argument("--give-up", type=float, default=30.0, help="seconds to wait for B per deploy")
    parser.add_argument("--b-log", help="replica B's log, to split the time into applying and loading")
    args = parser.parse_args()

    headers = {}
    if os.environ.get("INFERD_ADMIN_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["INFERD_ADMIN_KEY"]
    a, b = connection(args.a), connection(args.b)
    deploy_path = f"/api/deployments/{args.name}/versions"
    call_path = f"/v1/{args.name}/latest"
    deploy_ms, visible_ms, polls, others = [], [], [], {}
    answered_at = {}  # k -> the wall clock when A's deploy answer was read, for B's log
    for k in range(1, args.deploys + 1):
        bundle = {"runtime": "python", "main": "scale", "tests": [{"args": [10], "expect": 10 * k}],
                  "files": {"source.py": f"def scale(x):\n    return x * {k}\n"}}
        sent = time.monotonic()
        status, answer = post(a, deploy_path, bundle, headers)
        deployed = time.monotonic()
        answered_at[k] = time.time()
        if status != 201 or not isinstance(answer, dict) or not answer.get("created"):
            sys.exit(f"deploy {k} through A answered {status} {answer}")
        deploy_ms.append((deployed - sent) * 1000)
        expected = {"data": 10 * k}
        n = 0
        while True:
            n += 1
            status, answer = post(b, call_path, {"data": 10})
            if status == 200 and answer == expected:
                visible_ms.append((time.monotonic() - deployed) * 1000)
                break
            # Before B has the new version it answers the previous one (or 404 before the first);
            # anything else is counted and printed.
            previous = status == 200 and answer == {"data": 10 * (k - 1)}
            if not previous and not (k == 1 and status == 404):
                key = f"{status} {str(answer)[:120]}"
                others[key] = others.get(key, 0) + 1
            if time.monotonic() - deployed > args.give_up:
                sys.exit(f"deploy {k}: B still answers {status} {answer} after {args.give_up} s")
            time.sleep(max(0.0, deployed + n * args.poll_ms / 1000 - time.monotonic()))
        polls.append(n)

    def summary(values):
        return f"median {statistics.median(values):7.1f} ms, worst {max(values):7.1f} ms, best {min(values):7.1f} ms"

    print(f"  deploy request on A (its own duration):     {summary(deploy_ms)}")
    print(f"  A's answer to B's first correct answer:     {summary(visible_ms)}   [target <= 1000 ms]")
    print(f"  every deploy, ms:  {' '.join(f'{v:.0f}' for v in deploy_ms)}")
    print(f"  every visible, ms: {' '.join(f'{v:.0f}' for v in visible_ms)}")
    print(f"  polls of B per deploy: median {statistics.median(polls):.0f}, most {max(polls)}")
    for key, count in others.items():
        print(f"  B also answered, {count} time(s): {key}")
    if args.b_log:
        applied, loaded = from_log(args.b_log, args.name, answered_at)
        if len(applied) == len(answered_at):
            late = sum(1 for v in applied if v >= 1000)
            print(f"  from B's log: A's answer to B applying the version: {summary(applied)}"
                  f" ({late} at 1 s or more, i.e. left to the periodic look)")
        else:
            print(f"  from B's log: {len(applied)} of {len(answered_at)} versions logged as applied")
        if loaded:
            print(f"  from B's log: B loading the version (Python workers):  {summary(loaded)}")


def from_log(path, name, answered_at):
    """Per version k: ms from A's answer to B's line saying it applied k; and B's load times."""
    applied, loaded = {}, []
    changed = re.compile(r"^(\S+Z) .* deployment " + re.escape(name)
                         + r" was changed by another server: versions \[([0-9, ]+)\]")
    load = re.compile(re.escape(name) + r"/(\d+): loaded in (\d+) ms")
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = changed.match(line)
            if match:
                k = max(int(v) for v in match.group(2).split(","))
                at = datetime.datetime.fromisoformat(match.group(1).replace("Z", "+00:00")).timestamp()
                if k in answered_at and k not in applied:
                    applied[k] = (at - answered_at[k]) * 1000
            match = load.search(line)
            if match and int(match.group(1)) in answered_at:
                loaded.append(float(match.group(2)))
    return list(applied.values()), loaded


if __name__ == "__main__":
    main()
