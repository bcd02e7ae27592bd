"""inferd's Python worker: imports one bundle's main function and runs chunks of calls for the server.

Standard library only, so plain functions deploy without pip. One process serves one version of
one deployment; the server starts several per version and sends each a chunk of calls at a time.

Protocol (the Java end is dev.inferd.runtime.python.PythonWorker; keep the two in step)
--------------------------------------------------------------------------------------
Frames travel over the process's original stdin (server -> worker) and stdout (worker -> server).
Each frame is a 4-byte unsigned big-endian length followed by that many bytes of UTF-8 JSON
holding one object with an "op" key.

Before importing user code the worker moves those two pipes to private descriptors and points
file descriptor 1 at stderr, so print() in user code, or a C library writing to stdout, can never
corrupt a frame: everything the user's code prints reaches the server's log through stderr.

worker -> server, once, after importing the source:
    {"op": "ready", "pid": 123, "python": "3.11.7", "executable": "/usr/bin/python3",
     "arity": {"required": 1, "optional": 0, "varargs": false}}
  or, when the source cannot be imported or has no such function, and then the worker exits:
    {"op": "load_failed", "error": "<traceback text ending in 'Type: message'>",
     "python": "3.11.7", "executable": "/usr/bin/python3"}
  Tracebacks name the bundle's files by their path in the bundle ("source.py"), never the server's.

An optional fourth argument names how the main function takes a batch (the manifest's batch:),
as JSON: {"batch": "rows" | "dataframe", "columns": ["a", "b"]}. Without it the function is called
once per call of a chunk; with it, once per chunk (below).

server -> worker, any number of times, one at a time:
    {"op": "call", "id": 7, "calls": [[arg1, arg2], [arg1, arg2], ...]}

worker -> server, one answer per call frame, same id, one value per call in order:
    {"op": "result", "id": 7, "values": [v1, null, v3],
     "errors": {"1": {"kind": "raised", "message": "Traceback ...\\nKeyError: 'value'"}}}
  "errors" maps the index of each failed call to its failure; its value in "values" is null.
  kind is "raised" (the function raised) or "unencodable" (its result is not JSON); for a function
  that takes whole batches also "bad_arguments" (the call's arguments do not fit its columns; the
  function was called without it) and "wrong_count" (it returned more or fewer values than rows).
  A function that takes whole batches and raises fails the chunk as a whole, since nothing says which
  rows were to blame; the server then calls it again on halves of the chunk:
    {"op": "result", "id": 7, "raised": "Traceback ...\nValueError: ..."}
  NaN and +-Infinity are written as the tokens NaN, Infinity, -Infinity; the server turns them
  into null. A decimal.Decimal is written as its digits and an uppercase exponent (Decimal("1.10")
  as 110E-2), floats as Python prints them (lowercase e): the server keeps a number with an
  uppercase E exact, as a BigDecimal, and reads every other fraction as a double.

End of stdin means the server is gone or wants the worker to stop: the worker exits. A watchdog
also exits the worker when its parent process dies, so a killed server leaves no orphans.
"""

import datetime
import decimal
import enum
import importlib.util
import inspect
import json
import os
import re
import struct
import sys
import threading
import time
import traceback

_HEADER = struct.Struct(">I")
_WORKER_FILE = os.path.abspath(__file__)
_PYTHON_VERSION = "%d.%d.%d" % sys.version_info[:3]


class ProtocolChannel:
    """Length-prefixed JSON frames over two binary streams."""

    def __init__(self, incoming, outgoing):
        self._incoming = incoming
        self._outgoing = outgoing

    def read(self):
        """The next frame as a dict, or None at end of input."""
        header = self._read_exactly(_HEADER.size)
        if header is None:
            return None
        (length,) = _HEADER.unpack(header)
        payload = self._read_exactly(length)
        if payload is None:
            return None
        return json.loads(payload)

    def write_bytes(self, payload):
        self._outgoing.write(_HEADER.pack(len(payload)) + payload)
        self._outgoing.flush()

    def write(self, message):
        self.write_bytes(json.dumps(message).encode("utf-8"))

    def _read_exactly(self, count):
        chunks = []
        remaining = count
        while remaining > 0:
            chunk = self._incoming.read(remaining)
            if not chunk:
                return None
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


def take_over_standard_streams():
    """Keeps stdin/stdout for frames and sends everything else written to stdout to stderr."""
    incoming = os.fdopen(os.dup(0), "rb")
    outgoing = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    sys.stdin = open(os.devnull, "r")
    return ProtocolChannel(incoming, outgoing)


def exit_with_parent():
    """Dies with the server. Polling the parent pid is used rather than prctl(PR_SET_PDEATHSIG),
    which fires when the parent *thread* that started the worker ends, not the parent process."""
    parent = os.getppid()

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)

    threading.Thread(target=watch, name="inferd-parent-watch", daemon=True).start()


def describe_exception(error, bundle_directory, skip_frames=0):
    """Traceback text as Python prints it, without the worker's own frames or importlib's, and
    with paths relative to the bundle so the server's directories stay private."""
    summary = traceback.TracebackException.from_exception(error)
    _drop_internal_frames(summary, skip_frames)
    return without_bundle_directory("".join(summary.format()).rstrip(), bundle_directory)


def _drop_internal_frames(summary, skip_frames):
    while summary is not None:
        kept = [frame for frame in list(summary.stack)[skip_frames:]
                if frame.filename != _WORKER_FILE and not frame.filename.startswith("<frozen ")]
        summary.stack = traceback.StackSummary.from_list(kept)
        summary = summary.__cause__ or summary.__context__
        skip_frames = 0


def without_bundle_directory(text, bundle_directory):
    """The text with the bundle's absolute path taken out of file names (frames, a SyntaxError's
    file, paths in messages): /data/.../source.py becomes source.py, the directory itself '.'."""
    for directory in {bundle_directory, os.path.realpath(bundle_directory)}:
        text = re.sub(re.escape(directory) + "(" + re.escape(os.sep) + r"|(?![\w.-]))",
                      lambda match: "" if match.group(1) else ".", text)
    return text


def load_main_function(bundle_directory, source, main):
    """Imports the source file as a module and returns its main function."""
    os.chdir(bundle_directory)
    if bundle_directory not in sys.path:
        sys.path.insert(0, bundle_directory)
    path = os.path.join(bundle_directory, source)
    if not os.path.isfile(path):
        raise LookupError("the bundle has no source file %r" % source)
    module_name = os.path.splitext(os.path.basename(source))[0]
    if not module_name.isidentifier():
        module_name = "inferd_main"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    function = getattr(module, main, None)
    if function is None:
        raise LookupError("%s has no function named %r" % (source, main))
    if not callable(function):
        raise LookupError("%s.%s is not a function" % (module_name, main))
    return function


def arity_of(function):
    """How many positional arguments the function takes: required, optional, and *args."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return {"required": 0, "optional": 0, "varargs": True}
    required = optional = 0
    varargs = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            if parameter.default is parameter.empty:
                required += 1
            else:
                optional += 1
        elif parameter.kind == parameter.VAR_POSITIONAL:
            varargs = True
        elif parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            raise TypeError("the main function has a required keyword-only parameter %r, "
                            "which a positional call cannot fill" % parameter.name)
    return {"required": required, "optional": optional, "varargs": varargs}


def json_default(value):
    """Converts what json cannot write by itself; anything else is the item's error. The commonest
    cases (numpy, pandas, dates) come first: this runs once for every such value of a result."""
    kind = type(value)
    module = kind.__module__
    if module == "numpy" or module.startswith("numpy."):
        dtype = getattr(value, "dtype", None)
        if dtype is not None and dtype.kind in "mM":
            return _numpy_time(value, dtype)
        if hasattr(value, "tolist"):
            return value.tolist()
        if hasattr(value, "item"):
            return value.item()
    if module.startswith("pandas."):
        name = kind.__name__
        if name == "DataFrame":
            return value.to_dict(orient="records")
        if name == "Series":
            return value.tolist()
        if name in ("NaTType", "NAType"):
            # NaT is a datetime too, so this comes before the dates.
            return None
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        if module.startswith("pandas."):
            return iso_duration(value.value)
        return iso_duration(((value.days * 86400 + value.seconds) * 1000000 + value.microseconds) * 1000)
    if isinstance(value, decimal.Decimal):
        return _decimal_placeholder(value)
    if isinstance(value, enum.Enum):
        return value.name
    if hasattr(kind, "__dataclass_fields__") and not isinstance(value, type):
        # dataclasses is loaded if a dataclass exists (the worker runs on Pythons older than it too).
        # Shallow, unlike dataclasses.asdict, which deep-copies every field: json walks the fields itself.
        return {field.name: getattr(value, field.name) for field in sys.modules["dataclasses"].fields(value)}
    raise TypeError("a result of type %s cannot be encoded as JSON" % _type_label(value))


def _type_label(value):
    module = type(value).__module__
    name = type(value).__qualname__
    return name if module == "builtins" else module + "." + name


def iso_duration(nanoseconds):
    """A duration as java.time.Duration.toString() writes it, so both runtimes answer alike: hours,
    minutes and seconds (never days), e.g. PT48H, PT1H30M, PT0.5S, PT-1.5S, PT0S."""
    seconds, nanos = divmod(nanoseconds, 1000000000)
    if seconds == 0 and nanos == 0:
        return "PT0S"
    # Java keeps seconds rounded down and nanos positive, and prints the parts truncated toward zero.
    whole = seconds + 1 if seconds < 0 and nanos > 0 else seconds
    sign = -1 if whole < 0 else 1
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += "%dH" % (sign * hours)
    if minutes:
        text += "%dM" % (sign * minutes)
    if secs == 0 and nanos == 0 and len(text) > 2:
        return text
    if seconds < 0 and nanos > 0:
        text += "-%d" % secs
    else:
        text += "%d" % (sign * secs)
    if nanos > 0:
        fraction = 1000000000 - nanos if seconds < 0 else nanos
        text += ("." + "%09d" % fraction).rstrip("0")
    return text + "S"


_NANOSECONDS_PER_UNIT = {"W": 604800 * 10 ** 9, "D": 86400 * 10 ** 9, "h": 3600 * 10 ** 9, "m": 60 * 10 ** 9,
                         "s": 10 ** 9, "ms": 10 ** 6, "us": 10 ** 3, "ns": 1}
_UNITS_PER_NANOSECOND = {"ps": 10 ** 3, "fs": 10 ** 6, "as": 10 ** 9}


def _numpy_time(value, dtype):
    """numpy datetime64 and timedelta64, scalars or arrays: NaT is null, times ISO-8601 strings."""
    numpy = sys.modules["numpy"]
    if value.ndim > 0:
        return list(value)
    if numpy.isnat(value):
        return None
    unit, multiple = numpy.datetime_data(dtype)
    if dtype.kind == "M":
        plain = value.tolist()
        # Units finer than microseconds come back as an int, which datetime cannot hold.
        return numpy.datetime_as_string(value) if isinstance(plain, int) else plain
    count = int(value.astype(numpy.int64)) * multiple
    if unit in ("Y", "M"):
        # Years and months have no fixed length: a period, as java.time.Period writes it.
        return "P%d%s" % (count, unit) if count else "P0D"
    if unit in _NANOSECONDS_PER_UNIT:
        return iso_duration(count * _NANOSECONDS_PER_UNIT[unit])
    if unit in _UNITS_PER_NANOSECOND:
        return iso_duration(count // _UNITS_PER_NANOSECOND[unit])
    raise TypeError("a numpy.timedelta64 without a unit cannot be encoded as JSON")


# A Decimal is written as its digits with an uppercase exponent (1.10 as 110E-2), which json cannot
# do from json_default: it writes a placeholder string that encode_values turns into the number.
# Python writes floats with a lowercase e, so the server reads an uppercase E as a Decimal.
_DECIMAL_MARK = "inferd-decimal-%s:" % os.urandom(8).hex()
_DECIMAL_PLACEHOLDER = re.compile('"' + _DECIMAL_MARK + '(-?[0-9]+E-?[0-9]+)"')
# What the server's BigDecimal can hold (an int scale), and as many digits as Python prints of an int.
_DECIMAL_MAX_DIGITS = 4300
_DECIMAL_MAX_EXPONENT = 999999999


def _decimal_placeholder(value):
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return None  # NaN and infinities, as for floats
    if len(digits) > _DECIMAL_MAX_DIGITS or abs(exponent) > _DECIMAL_MAX_EXPONENT:
        raise ValueError("a Decimal of %d digits and exponent %d is too large to be written as a JSON number"
                         % (len(digits), exponent))
    return "%s%s%sE%d" % (_DECIMAL_MARK, "-" if sign else "", "".join(map(str, digits)), exponent)


_JSON_KEYS = (str, int, float, bool, type(None))


def _with_json_keys(value):
    """The value with dict keys json accepts: numpy integers, enums, dates... as the strings a Java
    map's keys would be. Only for a result that failed to encode, so the common case pays nothing."""
    if isinstance(value, dict):
        return {_json_key(key): _with_json_keys(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_json_keys(item) for item in value]
    if isinstance(value, _JSON_KEYS):
        return value
    return _with_json_keys(json_default(value))


def _json_key(key):
    while not isinstance(key, _JSON_KEYS):
        if isinstance(key, decimal.Decimal):
            return str(key)
        plain = json_default(key)
        if isinstance(plain, (dict, list, tuple)):
            raise TypeError("a dict key of type %s cannot be encoded as JSON" % _type_label(key))
        key = plain
    return key


def _encode(value):
    return json.dumps(value, default=json_default, separators=(",", ":"))


def _encode_item(value):
    try:
        return _encode(value)
    except TypeError:
        # json takes only str, int, float, bool and None as dict keys.
        return _encode(_with_json_keys(value))


def encode_values(values):
    """The JSON array of a chunk's results, and the errors of those that cannot be encoded."""
    errors = {}
    try:
        encoded = _encode(values)
    except (TypeError, ValueError, OverflowError, RecursionError):
        # One result cannot be written: encode item by item so only that item fails.
        parts = []
        for index, value in enumerate(values):
            try:
                parts.append(_encode_item(value))
            except (TypeError, ValueError, OverflowError, RecursionError) as error:
                parts.append("null")
                errors[index] = "%s: %s" % (type(error).__name__, error)
        encoded = "[" + ",".join(parts) + "]"
    if _DECIMAL_MARK in encoded:
        encoded = _DECIMAL_PLACEHOLDER.sub(r"\1", encoded)
    return encoded, errors


def run_chunk(function, message, bundle_directory):
    """Runs every call of a chunk; failures stay local to their call."""
    values = []
    errors = {}
    for index, arguments in enumerate(message["calls"]):
        try:
            values.append(function(*arguments))
        except BaseException as error:  # noqa: B036 - SystemExit in user code fails only that call
            values.append(None)
            errors[str(index)] = {"kind": "raised",
                                  "message": describe_exception(error, bundle_directory, skip_frames=1)}
    return result_frame(message["id"], values, errors)


def result_frame(frame_id, values, errors):
    """The result frame of a chunk: its values, and the errors of the calls that failed, those whose
    value cannot be encoded included."""
    encoded_values, unencodable = encode_values(values)
    for index, message_text in unencodable.items():
        errors[str(index)] = {"kind": "unencodable", "message": message_text}
    return ('{"op":"result","id":%d,"values":%s,"errors":%s}'
            % (frame_id, encoded_values, json.dumps(errors))).encode("utf-8")


# Chunks of up to this many rows are checked for being floats only (single calls, mostly).
_FEW_ROWS = 16


class BatchForm:
    """How a main function that takes whole batches (batch: rows or dataframe) is given a chunk's
    calls, and how its answer is read back as one value per call."""

    def __init__(self, spec, function_name):
        self.shape = spec["batch"]
        self.columns = spec.get("columns") or None
        self.function_name = function_name
        self._column_set = set(self.columns) if self.columns else None
        self._indexes = {}
        self._pandas = None
        if self.shape == "dataframe":
            try:
                import pandas
            except ImportError as error:
                raise ImportError("batch: dataframe needs pandas, which this interpreter cannot import (%s: %s); "
                                  "install it or use batch: rows" % (type(error).__name__, error)) from None
            self._pandas = pandas
            self._numpy = sys.modules["numpy"]

    def check_signature(self, arity):
        if arity["required"] > 1 or (arity["required"] + arity["optional"] == 0 and not arity["varargs"]):
            what = "a pandas DataFrame of the chunk's rows" if self.shape == "dataframe" else "the list of the chunk's rows"
            raise TypeError("batch: %s calls %s with one argument, %s; it takes %d required positional parameters"
                            % (self.shape, self.function_name, what, arity["required"]))

    def rows_of(self, calls):
        """The rows of the calls that fit, their indexes in the chunk, the errors of the others, and
        whether a row is a dict. A call's row is its arguments, or the dict when its one argument is
        a dict."""
        if calls:
            # The common chunk, told apart without a Python loop over its rows: every call has the
            # same number of arguments, more than one, so none is a dict, and each fits the columns.
            shortest = min(map(len, calls))
            if shortest > 1 and (self.columns is None or shortest == max(map(len, calls)) == len(self.columns)):
                return calls, range(len(calls)), {}, False
        rows = []
        called = []
        errors = {}
        dicts = False
        for index, arguments in enumerate(calls):
            row = arguments[0] if len(arguments) == 1 and isinstance(arguments[0], dict) else arguments
            problem = self._problem(row)
            if problem is None:
                rows.append(row)
                called.append(index)
                dicts = dicts or row is not arguments
            else:
                errors[str(index)] = {"kind": "bad_arguments", "message": problem}
        return rows, called, errors, dicts

    def _problem(self, row):
        if self.columns is None:
            return None
        if isinstance(row, dict):
            if len(row) == len(self.columns) and self._column_set.issuperset(row):
                return None
            missing = [name for name in self.columns if name not in row]
            unknown = [name for name in row if name not in self._column_set]
            return "%s takes the columns %s; this dict %s" % (
                self.function_name, ", ".join(self.columns),
                "; ".join(part for part in (missing and "lacks " + ", ".join(map(str, missing)),
                                            unknown and "has unknown keys " + ", ".join(map(str, unknown))) if part))
        if len(row) == len(self.columns):
            return None
        got = "%d values" % len(row)
        if len(row) == 1:
            # A single call of a list arrives as one argument when its length is not one the columns take.
            got = ("a list of %d values" % len(row[0])) if isinstance(row[0], list) else "one value"
        return "%s takes %d values (%s) or one dict of them; got %s" % (
            self.function_name, len(self.columns), ", ".join(self.columns), got)

    def argument(self, rows, dicts):
        """What the function is called with: the rows, or a DataFrame with a row per call."""
        if self._pandas is None:
            return rows
        if not dicts:
            width = max(map(len, rows))
            if min(map(len, rows)) != width:
                rows = [row + [None] * (width - len(row)) for row in rows]
            names = self._index(self.columns or ["arg%d" % i for i in range(width)])
            if len(rows) <= _FEW_ROWS and all(type(value) is float for row in rows for value in row):
                # pandas would make each column of floats float64, which one array gives at once and
                # for a single call several times faster than pandas' own reading of the lists. In
                # column order, as pandas lays its own out: the same frame, down to how numpy sums it.
                values = self._numpy.array(rows, dtype=self._numpy.float64, order="F")
                return self._pandas.DataFrame(values, columns=names, copy=False)
            return self._pandas.DataFrame(rows, columns=names)
        named = [row if isinstance(row, dict) else dict(zip(self.columns or ["arg%d" % i for i in range(len(row))], row))
                 for row in rows]
        return self._pandas.DataFrame(named, columns=self._index(self.columns) if self.columns else None)

    def _index(self, names):
        # Made once per set of names: building an Index costs more than a small DataFrame itself. Each
        # frame gets a view of it, so a function that names its columns (frame.columns.name = ...)
        # changes its own frame, not the next call's.
        key = tuple(names)
        index = self._indexes.get(key)
        if index is None:
            if len(self._indexes) >= 64:
                self._indexes.clear()
            index = self._indexes[key] = self._pandas.Index(names)
        return index.view()

    def values(self, result, labels, count):
        """One value per row, in order, or a WrongCount naming both lengths. labels: the row labels of
        the DataFrame the function was given, as they were before the call; None for rows."""
        values = self._as_list(result, labels)
        if len(values) != count:
            raise WrongCount("%s returned %d values for %d %s; a batch: %s function returns one value per row, in order"
                             % (self.function_name, len(values), count, "row" if count == 1 else "rows", self.shape))
        return values

    def _as_list(self, result, labels):
        if isinstance(result, list):
            return result
        if isinstance(result, tuple):
            return list(result)
        module = type(result).__module__
        name = type(result).__name__
        if module == "numpy" and name == "ndarray":
            if result.ndim == 0:
                raise WrongCount(self._single_value(result))
            # tolist() turns datetime64 values into bare integers; the scalars are written as dates.
            return list(result) if result.dtype.kind in "mM" else result.tolist()
        if module.startswith("pandas.") and name in ("Series", "DataFrame"):
            if labels is not None and self._reordered(result, labels):
                # Reordered (sorted, say) but labelled by the rows it came from: pandas aligns by label.
                result = result.reindex(labels)
            if name == "Series":
                return list(result) if result.dtype.kind in "mM" else result.tolist()
            if len(result.columns) == 1:
                return self._as_list(result.iloc[:, 0], labels)
            if len(result.columns) == 0:
                return [{} for _ in range(len(result))]
            return result.to_dict(orient="records")
        if isinstance(result, (str, bytes, dict, set, frozenset)) or not hasattr(result, "__iter__"):
            raise WrongCount(self._single_value(result))
        return list(result)

    @staticmethod
    def _reordered(result, labels):
        if len(result) != len(labels) or result.index.equals(labels):
            return False
        try:
            return result.index.sort_values().equals(labels)
        except TypeError:
            return False  # labels of kinds that do not sort together cannot be the frame's row numbers

    def _single_value(self, result):
        return ("%s returned a single value of type %s; a batch: %s function returns a list (or an array, a "
                "Series) with one value per row" % (self.function_name, _type_label(result), self.shape))


class WrongCount(Exception):
    """A function that takes whole batches answered something other than one value per row."""


def run_rows_chunk(function, form, message, bundle_directory):
    """Calls a function that takes whole batches once with the chunk's rows."""
    calls = message["calls"]
    rows, called, errors, dicts = form.rows_of(calls)
    values = [None] * len(calls)
    if rows:
        try:
            argument = form.argument(rows, dicts)
            # Taken before the call: the function may change its argument in place (pop a row, sort the frame).
            count = len(rows)
            labels = argument.index if form.shape == "dataframe" else None
            # Reading the result may run user code too (a generator, a Series' own methods).
            row_values = form.values(function(argument), labels, count)
        except WrongCount as wrong:
            for index in called:
                errors[str(index)] = {"kind": "wrong_count", "message": str(wrong)}
        except BaseException as error:  # noqa: B036 - as for a call of a per-call function
            return ('{"op":"result","id":%d,"raised":%s}'
                    % (message["id"], json.dumps(describe_exception(error, bundle_directory, skip_frames=1)))).encode("utf-8")
        else:
            for index, value in zip(called, row_values):
                values[index] = value
    return result_frame(message["id"], values, errors)


def serve(channel, function, bundle_directory, form=None):
    while True:
        message = channel.read()
        if message is None:
            return
        if message.get("op") == "call":
            if form is None:
                channel.write_bytes(run_chunk(function, message, bundle_directory))
            else:
                channel.write_bytes(run_rows_chunk(function, form, message, bundle_directory))
        else:
            channel.write({"op": "protocol_error", "error": "unknown op %r" % message.get("op")})


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write("usage: inferd_worker.py BUNDLE_DIRECTORY SOURCE MAIN [BATCH_FORM_JSON]\n")
        return 2
    bundle_directory, source, main_name = os.path.abspath(argv[1]), argv[2], argv[3]
    channel = take_over_standard_streams()
    exit_with_parent()
    form = None
    try:
        if len(argv) == 5:
            form = BatchForm(json.loads(argv[4]), main_name)
        function = load_main_function(bundle_directory, source, main_name)
        arity = arity_of(function)
        if form is not None:
            form.check_signature(arity)
    except BaseException as error:  # noqa: B036 - an import that calls sys.exit() is a load failure too
        channel.write({"op": "load_failed", "error": describe_exception(error, bundle_directory),
                       "python": _PYTHON_VERSION, "executable": sys.executable})
        return 3
    channel.write({"op": "ready", "pid": os.getpid(), "python": _PYTHON_VERSION, "executable": sys.executable,
                   "arity": arity})
    serve(channel, function, bundle_directory, form)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
