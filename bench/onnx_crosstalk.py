"""Cross-talk check: many concurrent single calls with distinct inputs, each answer checked.

    python3 bench/onnx_crosstalk.py URL DIR [CLIENTS] [SECONDS]

CLIENTS threads (default 64), each with its own keep-alive HTTP connection, send single calls to URL
for SECONDS (default 10). Client k sends rows k, k + CLIENTS, k + 2 * CLIENTS, ... (wrapping) of
DIR/mlp_inputs.npy, which bench/onnx_mlp.py wrote, so no two calls in flight at once carry the same
input. Every answer must be the scores DIR/mlp_expected.npy has for that exact row, within
onnx_mlp.py's tolerance: when a server that merges concurrent calls into one run of the model hands
a call another call's row, the answer is off by far more than that (onnx_mlp.py prints by how much).

Prints the calls made, the mismatches and the failures (a status other than 200, an answer that is
not JSON scores, a connection error), with the first few of each; exits 1 when there is any
mismatch or failure, or when no call was made.

Standard library and numpy only (/usr/bin/python3 has numpy). Python threads share one interpreter
lock, so this client sends far fewer calls per second than wrk; it checks answers, it does not time.
"""

import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

import numpy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_mlp import ATOL, RTOL  # noqa: E402  (the tolerance belongs with the model that sets it)


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    directory = sys.argv[2]
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    inputs = numpy.load(os.path.join(directory, "mlp_inputs.npy"))
    expected = numpy.load(os.path.join(directory, "mlp_expected.npy"))
    # The bodies are made before the clock starts, so that the clients spend their time on calls.
    bodies = [json.dumps({"data": [float(v) for v in row]}).encode() for row in inputs]

    lock = threading.Lock()
    totals = {"calls": 0, "mismatches": 0, "failures": 0}
    examples = {"mismatches": [], "failures": []}
    deadline = time.monotonic() + seconds
    start = threading.Barrier(clients)

    def note(kind, text):
        with lock:
            totals[kind] += 1
            if len(examples[kind]) < 5:
                examples[kind].append(text)

    def client(k):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        index, calls = k, 0
        start.wait()
        while time.monotonic() < deadline:
            row = index % len(bodies)
            index += clients
            calls += 1
            try:
                connection.request("POST", url.path, body=bodies[row], headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                text = response.read()
            except (OSError, http.client.HTTPException) as e:
                note("failures", f"row {row}: {type(e).__name__}: {e}")
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                continue
            if response.status != 200:
                note("failures", f"row {row}: status {response.status}: {text[:200]!r}")
                continue
            try:
                scores = numpy.asarray(json.loads(text)["data"], dtype=numpy.float64)
                if scores.shape != expected[row].shape:
                    raise ValueError(f"shape {scores.shape}")
            except (ValueError, KeyError, TypeError) as e:
                note("failures", f"row {row}: cannot read the answer ({e}): {text[:200]!r}")
                continue
            if not numpy.allclose(scores, expected[row], rtol=RTOL, atol=ATOL):
                note("mismatches", f"row {row}: answered {scores.tolist()}, expected {expected[row].tolist()}")
        connection.close()
        with lock:
            totals["calls"] += calls

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    print(f"cross-talk {sys.argv[1]}: {clients} clients, {elapsed:.1f} s: {totals['calls']} calls, "
          f"{totals['mismatches']} mismatches, {totals['failures']} failures")
    for kind, label in (("mismatches", "mismatch"), ("failures", "failure")):
        for text in examples[kind]:
            print(f"  {label}: {text}")
    sys.exit(1 if totals["mismatches"] or totals["failures"] or not totals["calls"] else 0)


if __name__ == "__main__":
    main()
