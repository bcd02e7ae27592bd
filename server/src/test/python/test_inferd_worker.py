"""Unit tests of the worker script's end of the protocol; run by PythonWorkerScriptTest in the build,
or by hand: python3 -m unittest discover -s server/src/test/python"""

import datetime
import decimal
import enum
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
    import dataclasses
except ImportError:  # before Python 3.7
    dataclasses = None

try:
    import numpy
except ImportError:
    numpy = None

try:
    import pandas
except ImportError:
    pandas = None


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
        return json.loads(inferd_worker.run_chunk(function, {"id": 9, "calls": calls}, HERE))

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
        answer = inferd_worker.run_chunk(lambda x: x * 2, {"id": 1, "calls": [[2 ** 70]]}, HERE)
        self.assertIn(str(2 ** 71).encode(), answer)

    def test_non_finite_floats_are_written_as_bare_tokens_for_the_server_to_null(self):
        answer = inferd_worker.run_chunk(lambda x: [math.nan, math.inf, -math.inf], {"id": 1, "calls": [[0]]}, HERE)
        self.assertIn(b"[NaN,Infinity,-Infinity]", answer)

    def test_tracebacks_name_bundle_files_relative_to_the_bundle(self):
        def read_model(x):
            open(os.path.join(HERE, "no-such-model.bin"))
        message = self.run_chunk(read_model, [[1]])["errors"]["0"]["message"]
        self.assertIn('File "test_inferd_worker.py", line', message)
        self.assertEqual(message.splitlines()[-1], "FileNotFoundError: [Errno 2] No such file or directory: 'no-such-model.bin'")
        self.assertNotIn(HERE, message)

    def test_a_result_that_cannot_be_encoded_leaves_the_decimals_of_the_others_exact(self):
        answer = inferd_worker.run_chunk(lambda x: {1, 2} if x else decimal.Decimal("2.50"), {"id": 1, "calls": [[0], [1]]}, HERE)
        self.assertIn(b'"values":[250E-2,null]', answer)


class RunRowsChunkTest(unittest.TestCase):
    """A function that takes whole batches (batch: rows or dataframe) is called once per chunk."""

    def run_rows(self, function, calls, shape="rows", columns=None):
        form = inferd_worker.BatchForm({"batch": shape, "columns": columns}, "f")
        return json.loads(inferd_worker.run_rows_chunk(function, form, {"id": 9, "calls": calls}, HERE))

    def test_the_function_is_called_once_with_every_row(self):
        seen = []

        def f(rows):
            seen.append(rows)
            return [row[0] * 2 for row in rows]

        answer = self.run_rows(f, [[1], [2], [3]])
        self.assertEqual(answer["values"], [2, 4, 6])
        self.assertEqual(seen, [[[1], [2], [3]]])

    def test_a_dict_argument_is_the_row_itself(self):
        answer = self.run_rows(lambda rows: [repr(row) for row in rows], [[{"a": 1}], [1, 2]])
        self.assertEqual(answer["values"], ["{'a': 1}", "[1, 2]"])

    def test_a_raise_fails_the_chunk_as_a_whole_with_its_traceback(self):
        def f(rows):
            raise ValueError("no")

        answer = self.run_rows(f, [[1], [2]])
        self.assertNotIn("values", answer)
        self.assertTrue(answer["raised"].startswith("Traceback"))
        self.assertTrue(answer["raised"].endswith("ValueError: no"))
        self.assertNotIn("run_rows_chunk", answer["raised"])

    def test_a_result_of_the_wrong_length_fails_every_row_naming_both_lengths(self):
        answer = self.run_rows(lambda rows: [1], [[1], [2]])
        self.assertEqual(answer["values"], [None, None])
        self.assertEqual(answer["errors"]["0"], {"kind": "wrong_count", "message":
                         "f returned 1 values for 2 rows; a batch: rows function returns one value per row, in order"})

    def test_a_single_value_is_not_one_value_per_row(self):
        for single in (5, "ab", {"a": 1}, None):
            answer = self.run_rows(lambda rows: single, [[1], [2]])
            self.assertEqual(answer["errors"]["1"]["kind"], "wrong_count", single)
            self.assertIn("returned a single value", answer["errors"]["1"]["message"])

    def test_a_generator_that_raises_while_read_fails_the_chunk_as_a_whole(self):
        def f(rows):
            for row in rows:
                if row[0] < 0:
                    raise ValueError("negative")
                yield row[0]

        self.assertTrue(self.run_rows(f, [[1], [-1]])["raised"].endswith("ValueError: negative"))

    def test_the_row_count_is_taken_before_the_function_can_change_its_rows(self):
        def pops(rows):
            rows.pop()
            return [row[0] for row in rows]

        answer = self.run_rows(pops, [[1], [2], [3]])
        self.assertEqual(answer["errors"]["2"]["message"],
                         "f returned 2 values for 3 rows; a batch: rows function returns one value per row, in order")

    def test_a_pandas_result_in_rows_form_is_read_by_position(self):
        if pandas is None:
            self.skipTest("pandas is not installed")
        answer = self.run_rows(lambda rows: pandas.Series([row[0] for row in rows], index=[5, 3]), [[1], [2]])
        self.assertEqual(answer["values"], [1, 2])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_a_frame_sorted_in_place_is_matched_to_its_rows_by_label(self):
        def sorts(frame):
            frame.sort_values("x", inplace=True)
            return frame["x"] * 2

        answer = self.run_rows(sorts, [[3], [1], [2]], shape="dataframe", columns=["x"])
        self.assertEqual(answer["values"], [6, 2, 4])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_naming_the_columns_of_one_frame_leaves_the_next_ones_alone(self):
        def names(frame):
            seen = frame.columns.name
            frame.columns.name = "changed"
            return [seen] * len(frame)

        self.run_rows(names, [[1.5]], shape="dataframe", columns=["x"])
        self.assertEqual(self.run_rows(names, [[1.5]], shape="dataframe", columns=["x"])["values"], [None])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_a_few_rows_of_floats_are_laid_out_as_pandas_lays_out_its_own(self):
        frames = []
        self.run_rows(lambda frame: frames.append(frame) or [0] * len(frame), [[1.5, 2.5]], shape="dataframe")
        expected = pandas.DataFrame([[1.5, 2.5]], columns=["arg0", "arg1"])
        self.assertTrue(frames[0].equals(expected))
        self.assertEqual(frames[0].to_numpy().flags["F_CONTIGUOUS"], expected.to_numpy().flags["F_CONTIGUOUS"])

    def test_tuples_generators_and_ranges_are_values_in_order(self):
        self.assertEqual(self.run_rows(lambda rows: (1, 2), [[1], [2]])["values"], [1, 2])
        self.assertEqual(self.run_rows(lambda rows: (row[0] for row in rows), [[1], [2]])["values"], [1, 2])
        self.assertEqual(self.run_rows(lambda rows: range(2), [[1], [2]])["values"], [0, 1])

    def test_rows_that_do_not_fit_the_columns_fail_alone_and_are_not_given_to_the_function(self):
        seen = []

        def f(rows):
            seen.extend(rows)
            return [0] * len(rows)

        answer = self.run_rows(f, [[1, 2], [3], [{"a": 1, "c": 2}], [{"b": 1, "a": 2}], [[1, 2, 3]]], columns=["a", "b"])
        self.assertEqual(seen, [[1, 2], {"b": 1, "a": 2}])
        self.assertEqual(answer["values"], [0, None, None, 0, None])
        self.assertEqual(answer["errors"]["1"], {"kind": "bad_arguments", "message": "f takes 2 values (a, b) or one dict of them; got one value"})
        self.assertEqual(answer["errors"]["4"]["message"], "f takes 2 values (a, b) or one dict of them; got a list of 3 values")
        self.assertEqual(answer["errors"]["2"], {"kind": "bad_arguments", "message":
                         "f takes the columns a, b; this dict lacks b; has unknown keys c"})

    def test_an_unencodable_value_fails_only_its_row(self):
        answer = self.run_rows(lambda rows: [1, object()], [[1], [2]])
        self.assertEqual(answer["values"], [1, None])
        self.assertEqual(answer["errors"]["1"]["kind"], "unencodable")

    def test_a_function_of_several_required_parameters_cannot_take_whole_batches(self):
        form = inferd_worker.BatchForm({"batch": "rows"}, "f")
        with self.assertRaises(TypeError):
            form.check_signature(inferd_worker.arity_of(lambda a, b: a))
        form.check_signature(inferd_worker.arity_of(lambda rows, scale=2: rows))

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_a_dataframe_has_a_row_per_call_and_the_declared_columns(self):
        frames = []

        def f(frame):
            frames.append(frame)
            return frame["a"] + frame["b"]

        answer = self.run_rows(f, [[1, 2.5], [{"b": 0.5, "a": 3}]], shape="dataframe", columns=["a", "b"])
        self.assertEqual(answer["values"], [3.5, 3.5])
        self.assertEqual(list(frames[0].columns), ["a", "b"])
        self.assertEqual(str(frames[0]["a"].dtype), "int64")

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_without_columns_arguments_are_arg0_arg1_and_short_rows_are_padded(self):
        answer = self.run_rows(lambda frame: [list(frame.columns) + [str(frame["arg0"][i]), str(frame["arg1"][i])]
                                              for i in range(len(frame))], [[1, 2], [3]], shape="dataframe")
        self.assertEqual(answer["values"], [["arg0", "arg1", "1", "2.0"], ["arg0", "arg1", "3", "nan"]])

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_datetimes_of_an_array_are_written_as_each_date_alone_would_be(self):
        dates = numpy.array(["2026-01-02", "NaT"], dtype="datetime64[ns]")
        self.assertEqual(self.run_rows(lambda rows: dates, [[1], [2]])["values"], [inferd_worker.json_default(dates[0]), None])


class JsonDefaultTest(unittest.TestCase):
    def encode(self, value):
        return json.loads(json.dumps(value, default=inferd_worker.json_default))

    def written(self, value):
        """The JSON text a single result is written as."""
        encoded, errors = inferd_worker.encode_values([value])
        self.assertEqual(errors, {})
        return encoded[1:-1]

    def test_dates_and_times_become_iso_8601(self):
        self.assertEqual(self.encode(datetime.date(2024, 1, 2)), "2024-01-02")
        self.assertEqual(self.encode(datetime.datetime(2024, 1, 2, 3, 4, 5)), "2024-01-02T03:04:05")
        self.assertEqual(self.encode(datetime.time(3, 4)), "03:04:00")

    def test_decimals_are_written_with_every_digit_and_an_uppercase_exponent(self):
        self.assertEqual(self.written(decimal.Decimal("1.10")), "110E-2")
        self.assertEqual(self.written(decimal.Decimal("-0.00")), "-0E-2")
        self.assertEqual(self.written(decimal.Decimal("1E+3")), "1E3")
        self.assertEqual(self.written([decimal.Decimal("12345678901234567890.123456789")]),
                         "[12345678901234567890123456789E-9]")
        self.assertEqual(self.written({"price": decimal.Decimal("0.1")}), '{"price":1E-1}')

    def test_a_decimal_that_is_not_a_number_is_null_like_a_float(self):
        self.assertEqual(self.written([decimal.Decimal("NaN"), decimal.Decimal("-Infinity")]), "[null,null]")

    def test_a_decimal_too_large_for_the_server_fails_its_item(self):
        encoded, errors = inferd_worker.encode_values([decimal.Decimal("1E+1000000000"), 1])
        self.assertEqual(encoded, "[null,1]")
        self.assertIn("too large", errors[0])

    def test_a_string_that_looks_like_a_decimal_stays_a_string(self):
        self.assertEqual(self.written("inferd-decimal-0000000000000000:1E3"), '"inferd-decimal-0000000000000000:1E3"')

    def test_durations_are_written_as_java_writes_a_duration(self):
        # Each expectation is what java.time.Duration.toString() gives for the same duration.
        cases = {
            datetime.timedelta(0): "PT0S",
            datetime.timedelta(milliseconds=1500): "PT1.5S",
            datetime.timedelta(milliseconds=-1500): "PT-1.5S",
            datetime.timedelta(hours=48): "PT48H",
            datetime.timedelta(minutes=90): "PT1H30M",
            datetime.timedelta(seconds=-90): "PT-1M-30S",
            datetime.timedelta(milliseconds=-500): "PT-0.5S",
            datetime.timedelta(minutes=-61, milliseconds=-500): "PT-1H-1M-0.5S",
            datetime.timedelta(seconds=-90, microseconds=1): "PT-1M-29.999999S",
            datetime.timedelta(days=1, microseconds=1): "PT24H0.000001S",
        }
        for duration, java in cases.items():
            self.assertEqual(self.encode(duration), java, duration)

    def test_nanoseconds_are_written_as_java_writes_them(self):
        self.assertEqual(inferd_worker.iso_duration(1), "PT0.000000001S")
        self.assertEqual(inferd_worker.iso_duration(-90 * 10 ** 9 + 500), "PT-1M-29.9999995S")

    def test_enum_members_are_written_by_name(self):
        class Color(enum.Enum):
            RED = 1
            GREEN = "g"
        self.assertEqual(self.encode([Color.RED, Color.GREEN]), ["RED", "GREEN"])

    @unittest.skipIf(dataclasses is None, "dataclasses came with Python 3.7")
    def test_a_dataclass_becomes_an_object_of_its_fields_in_order(self):
        @dataclasses.dataclass
        class Inner:
            when: datetime.date

        @dataclasses.dataclass
        class Score:
            label: str
            probability: float
            inner: Inner
        self.assertEqual(self.written(Score("cat", 0.75, Inner(datetime.date(2024, 1, 2)))),
                         '{"label":"cat","probability":0.75,"inner":{"when":"2024-01-02"}}')

    @unittest.skipIf(dataclasses is None, "dataclasses came with Python 3.7")
    def test_a_dataclass_class_is_not_a_value(self):
        @dataclasses.dataclass
        class Point:
            x: int
        with self.assertRaises(TypeError):
            json.dumps(Point, default=inferd_worker.json_default)

    def test_dict_keys_json_refuses_are_written_as_their_string_form(self):
        class Color(enum.Enum):
            RED = 1
        value = {Color.RED: 1, datetime.date(2024, 1, 2): 2, decimal.Decimal("1.10"): 3,
                 datetime.timedelta(seconds=2): 4, "nested": [{Color.RED: decimal.Decimal("2.50")}]}
        self.assertEqual(self.written(value),
                         '{"RED":1,"2024-01-02":2,"1.10":3,"PT2S":4,"nested":[{"RED":250E-2}]}')

    def test_a_dict_key_that_has_no_string_form_fails_its_item_naming_the_type(self):
        class Point:
            pass
        encoded, errors = inferd_worker.encode_values([{Point(): 1}, 2])
        self.assertEqual(encoded, "[null,2]")
        self.assertIn("Point", errors[0])

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

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_integer_dict_keys_are_written_as_python_int_keys_are(self):
        self.assertEqual(self.written({numpy.int64(3): "a", numpy.uint8(4): "b", numpy.bool_(False): "c"}),
                         '{"3":"a","4":"b","false":"c"}')

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_not_a_time_is_null(self):
        self.assertEqual(self.written([numpy.datetime64("NaT"), numpy.timedelta64("NaT")]), "[null,null]")

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_durations_are_written_as_java_writes_a_duration(self):
        self.assertEqual(self.encode(numpy.timedelta64(90, "m")), "PT1H30M")
        self.assertEqual(self.encode(numpy.timedelta64(-1500, "ms")), "PT-1.5S")
        self.assertEqual(self.encode(numpy.timedelta64(2, "D")), "PT48H")
        self.assertEqual(self.encode(numpy.timedelta64(1, "ns")), "PT0.000000001S")
        self.assertEqual(self.encode(numpy.array([1500, "NaT"], dtype="timedelta64[ms]")), ["PT1.5S", None])

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_datetimes_with_nanoseconds_are_iso_8601_strings(self):
        self.assertEqual(self.encode(numpy.datetime64("2024-01-02T03:04:05.123456789")), "2024-01-02T03:04:05.123456789")
        self.assertEqual(self.encode(numpy.array(["2024-01-02", "NaT"], dtype="datetime64[D]")), ["2024-01-02", None])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_pandas_not_a_time_and_missing_values_are_null(self):
        self.assertEqual(self.written([pandas.NaT, pandas.NA]), "[null,null]")
        frame = pandas.DataFrame({"when": pandas.to_datetime(["2024-01-02", None])})
        self.assertEqual(self.encode(frame), [{"when": "2024-01-02T00:00:00"}, {"when": None}])

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_pandas_timedeltas_keep_their_nanoseconds(self):
        self.assertEqual(self.encode(pandas.Timedelta(days=2, nanoseconds=5)), "PT48H0.000000005S")
        self.assertEqual(self.encode(pandas.Series(pandas.to_timedelta(["1s", None]))), ["PT1S", None])


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

    def test_a_syntax_error_names_the_file_relative_to_the_bundle(self):
        process = self.start("def f(x):\n    return x +\n", "f")
        error = self.read(process)["error"]
        self.assertIn('File "source.py", line 2\n', error)
        self.assertNotIn(os.sep + "source.py", error)

    def test_a_failed_load_names_the_interpreter(self):
        process = self.start("import no_such_module_for_inferd\n", "f")
        message = self.read(process)
        self.assertEqual(message["executable"], sys.executable)
        self.assertEqual(message["python"], "%d.%d.%d" % sys.version_info[:3])

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
