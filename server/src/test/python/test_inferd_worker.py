"""Unit tests of the worker script's end of the protocol; run by PythonWorkerScriptTest in the build,
or by hand: python3 -m unittest discover -s server/src/test/python"""

import datetime
import decimal
import io
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.normpath(os.path.join(HERE, "..", "..", "main", "resources", "python", "inferd_worker.py"))
sys.path.insert(0, os.path.dirname(WORKER))

import inferd_worker  # noqa: E402

try:
    import numpy
except ImportError:
    numpy = None


def frame(message):
    payload = json.dumps(message).encode("utf-8")
    return struct.pack(">I", len(payload)) + payload


class ProtocolChannelTest(unittest.TestCase):
    def test_a_written_frame_reads_back_as_the_same_message(self):
        out = io.BytesIO()
        inferd_worker.ProtocolChannel(io.BytesIO(), out).write({"op": "ready", "n": 1})
        channel = inferd_worker.ProtocolChannel(io.BytesIO(out.getvalue()), io.BytesIO())
        self.assertEqual(channel.read(), {"op": "ready", "n": 1})

    def test_end_of_input_reads_as_none(self):
        self.assertIsNone(inferd_worker.ProtocolChannel(io.BytesIO(b""), io.BytesIO()).read())

    def test_a_frame_cut_short_reads_as_none(self):
        self.assertIsNone(inferd_worker.ProtocolChannel(io.BytesIO(frame({"op": "x"})[:-2]), io.BytesIO()).read())

    def test_the_length_prefix_is_four_bytes_big_endian(self):
        out = io.BytesIO()
        inferd_worker.ProtocolChannel(io.BytesIO(), out).write_bytes(b"{}")
        self.assertEqual(out.getvalue(), b"\x00\x00\x00\x02{}")


class ArityTest(unittest.TestCase):
    def test_required_optional_and_varargs_are_counted(self):
        def f(a, b, c=1, *rest, key=None, **options):
            pass
        self.assertEqual(inferd_worker.arity_of(f), {"required": 2, "optional": 1, "varargs": True})

    def test_a_required_keyword_only_parameter_cannot_be_served(self):
        def f(a, *, key):
            pass
        with self.assertRaises(TypeError):
            inferd_worker.arity_of(f)


class RunChunkTest(unittest.TestCase):
    def run_chunk(self, function, calls):
        return json.loads(inferd_worker.run_chunk(function, {"id": 9, "calls": calls}))

    def test_values_come_back_in_call_order(self):
        answer = self.run_chunk(lambda x: 2 * x, [[1], [2], [3]])
        self.assertEqual(answer, {"op": "result", "id": 9, "values": [2, 4, 6], "errors": {}})

    def test_a_raising_call_fails_alone_with_a_traceback_ending_in_type_and_message(self):
        def lookup(d):
            return d["value"]
        answer = self.run_chunk(lookup, [[{"value": 1}], [{}]])
        self.assertEqual(answer["values"], [1, None])
        error = answer["errors"]["1"]
        self.assertEqual(error["kind"], "raised")
        self.assertTrue(error["message"].startswith("Traceback (most recent call last):"))
        self.assertEqual(error["message"].splitlines()[-1], "KeyError: 'value'")
        self.assertNotIn("in run_chunk", error["message"])

    def test_an_unencodable_result_fails_alone_naming_its_type(self):
        answer = self.run_chunk(lambda x: {1, 2} if x else x, [[0], [1]])
        self.assertEqual(answer["values"], [0, None])
        self.assertEqual(answer["errors"]["1"]["kind"], "unencodable")
        self.assertIn("set", answer["errors"]["1"]["message"])

    def test_sys_exit_in_user_code_fails_only_that_call(self):
        answer = self.run_chunk(lambda x: sys.exit(3) if x else "ok", [[1], [0]])
        self.assertEqual(answer["values"], [None, "ok"])
        self.assertIn("SystemExit", answer["errors"]["0"]["message"])

    def test_big_integers_keep_every_digit(self):
        answer = inferd_worker.run_chunk(lambda x: x * 2, {"id": 1, "calls": [[2 ** 70]]})
        self.assertIn(str(2 ** 71).encode(), answer)

    def test_non_finite_floats_are_written_as_bare_tokens_for_the_server_to_null(self):
        answer = inferd_worker.run_chunk(lambda x: [math.nan, math.inf, -math.inf], {"id": 1, "calls": [[0]]})
        self.assertIn(b"[NaN,Infinity,-Infinity]", answer)


class JsonDefaultTest(unittest.TestCase):
    def encode(self, value):
        return json.loads(json.dumps(value, default=inferd_worker.json_default))

    def test_dates_and_times_become_iso_8601(self):
        self.assertEqual(self.encode(datetime.date(2024, 1, 2)), "2024-01-02")
        self.assertEqual(self.encode(datetime.datetime(2024, 1, 2, 3, 4, 5)), "2024-01-02T03:04:05")
        self.assertEqual(self.encode(datetime.time(3, 4)), "03:04:00")

    def test_decimals_become_numbers(self):
        self.assertEqual(self.encode(decimal.Decimal("2.5")), 2.5)

    def test_other_types_are_refused_by_name(self):
        with self.assertRaises(TypeError) as refused:
            json.dumps(object(), default=inferd_worker.json_default)
        self.assertIn("object", str(refused.exception))

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_scalars_and_arrays_become_numbers_and_lists(self):
        self.assertEqual(self.encode(numpy.int64(2 ** 40)), 2 ** 40)
        self.assertEqual(self.encode(numpy.float32(1.5)), 1.5)
        self.assertEqual(self.encode(numpy.arange(3).reshape(1, 3)), [[0, 1, 2]])
        self.assertEqual(self.encode(numpy.bool_(True)), True)


class WorkerProcessTest(unittest.TestCase):
    """The script run as the server runs it: frames on stdin/stdout, user output on stderr."""

    def start(self, source, main):
        directory = tempfile.mkdtemp()
        with open(os.path.join(directory, "source.py"), "w") as file:
            file.write(textwrap.dedent(source))
        process = subprocess.Popen([sys.executable, "-u", WORKER, directory, "source.py", main],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Cleanups run last-added first: kill, then reap, then close the pipes.
        self.addCleanup(self.close_pipes, process)
        self.addCleanup(process.wait)
        self.addCleanup(process.kill)
        return process

    @staticmethod
    def close_pipes(process):
        for stream in (process.stdin, process.stdout, process.stderr):
            if not stream.closed:
                stream.close()

    def read(self, process):
        (length,) = struct.unpack(">I", process.stdout.read(4))
        return json.loads(process.stdout.read(length))

    def test_print_in_user_code_never_reaches_the_frame_channel(self):
        process = self.start("""
            import os, sys
            print("import-time output")
            def f(x):
                print("printed", x)
                sys.stdout.write("no newline")
                os.write(1, b"\\x00\\x00\\x00\\x05raw bytes on descriptor 1")
                return x + 1
            """, "f")
        self.assertEqual(self.read(process)["op"], "ready")
        process.stdin.write(frame({"op": "call", "id": 1, "calls": [[1], [2]]}))
        process.stdin.flush()
        self.assertEqual(self.read(process)["values"], [2, 3])
        process.stdin.close()
        self.assertEqual(process.wait(timeout=10), 0)
        output = process.stderr.read().decode()
        self.assertIn("import-time output", output)
        self.assertIn("printed 1", output)
        self.assertIn("raw bytes on descriptor 1", output)

    def test_a_syntax_error_is_reported_as_load_failed(self):
        process = self.start("def f(x):\n    return x +\n", "f")
        message = self.read(process)
        self.assertEqual(message["op"], "load_failed")
        self.assertIn("SyntaxError", message["error"])
        self.assertEqual(process.wait(timeout=10), 3)

    def test_a_missing_main_function_is_reported_as_load_failed(self):
        process = self.start("def g(x):\n    return x\n", "f")
        message = self.read(process)
        self.assertEqual(message["op"], "load_failed")
        self.assertIn("no function named 'f'", message["error"])

    def test_the_ready_message_carries_the_arity(self):
        process = self.start("def f(a, b=2, *c):\n    return a\n", "f")
        self.assertEqual(self.read(process)["arity"], {"required": 1, "optional": 1, "varargs": True})

    def test_end_of_input_makes_the_worker_exit(self):
        process = self.start("def f(x):\n    return x\n", "f")
        self.read(process)
        process.stdin.close()
        self.assertEqual(process.wait(timeout=10), 0)


if __name__ == "__main__":
    unittest.main()
