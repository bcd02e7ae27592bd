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
    {"op": "ready", "pid": 123, "python": "3.11.7",
     "arity": {"required": 1, "optional": 0, "varargs": false}}
  or, when the source cannot be imported or has no such function, and then the worker exits:
    {"op": "load_failed", "error": "<traceback text ending in 'Type: message'>"}

server -> worker, any number of times, one at a time:
    {"op": "call", "id": 7, "calls": [[arg1, arg2], [arg1, arg2], ...]}

worker -> server, one answer per call frame, same id, one value per call in order:
    {"op": "result", "id": 7, "values": [v1, null, v3],
     "errors": {"1": {"kind": "raised", "message": "Traceback ...\\nKeyError: 'value'"}}}
  "errors" maps the index of each failed call to its failure; its value in "values" is null.
  kind is "raised" (the function raised) or "unencodable" (its result is not JSON).
  NaN and +-Infinity are written as the tokens NaN, Infinity, -Infinity; the server turns them
  into null.

End of stdin means the server is gone or wants the worker to stop: the worker exits. A watchdog
also exits the worker when its parent process dies, so a killed server leaves no orphans.
"""

import datetime
import decimal
import importlib.util
import inspect
import json
import os
import struct
import sys
import threading
import time
import traceback

_HEADER = struct.Struct(">I")
_WORKER_FILE = os.path.abspath(__file__)


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


def describe_exception(error, skip_frames=0):
    """Traceback text as Python prints it, without the worker's own frames or importlib's, and
    with paths relative to the bundle so the server's directories stay private."""
    summary = traceback.TracebackException.from_exception(error)
    _drop_internal_frames(summary, skip_frames)
    return "".join(summary.format()).rstrip()


def _drop_internal_frames(summary, skip_frames):
    bundle_prefix = os.getcwd() + os.sep
    while summary is not None:
        kept = []
        for frame in list(summary.stack)[skip_frames:]:
            if frame.filename == _WORKER_FILE or frame.filename.startswith("<frozen "):
                continue
            if frame.filename.startswith(bundle_prefix):
                frame.line  # read the source line while the absolute path still finds it
                frame.filename = frame.filename[len(bundle_prefix):]
            kept.append(frame)
        summary.stack = traceback.StackSummary.from_list(kept)
        summary = summary.__cause__ or summary.__context__
        skip_frames = 0


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
    """Converts what json cannot write by itself; anything else is the item's error."""
    type_name = type(value).__module__ + "." + type(value).__qualname__
    if type_name.startswith("numpy."):
        if hasattr(value, "tolist"):
            return value.tolist()
        if hasattr(value, "item"):
            return value.item()
    if type_name.startswith("pandas.") and type(value).__name__ == "DataFrame":
        return value.to_dict(orient="records")
    if type_name.startswith("pandas.") and type(value).__name__ == "Series":
        return value.tolist()
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError("a result of type %s cannot be encoded as JSON" % _type_label(value))


def _type_label(value):
    module = type(value).__module__
    name = type(value).__qualname__
    return name if module == "builtins" else module + "." + name


def _encode(value):
    return json.dumps(value, default=json_default, separators=(",", ":"))


def run_chunk(function, message):
    """Runs every call of a chunk; failures stay local to their call."""
    values = []
    errors = {}
    for index, arguments in enumerate(message["calls"]):
        try:
            values.append(function(*arguments))
        except BaseException as error:  # noqa: B036 - SystemExit in user code fails only that call
            values.append(None)
            errors[str(index)] = {"kind": "raised", "message": describe_exception(error, skip_frames=1)}
    try:
        encoded_values = _encode(values)
    except (TypeError, ValueError, OverflowError, RecursionError):
        # One result cannot be written: encode item by item so only that item fails.
        parts = []
        for index, value in enumerate(values):
            try:
                parts.append(_encode(value))
            except (TypeError, ValueError, OverflowError, RecursionError) as error:
                parts.append("null")
                errors[str(index)] = {"kind": "unencodable", "message": "%s: %s" % (type(error).__name__, error)}
        encoded_values = "[" + ",".join(parts) + "]"
    return ('{"op":"result","id":%d,"values":%s,"errors":%s}'
            % (message["id"], encoded_values, json.dumps(errors))).encode("utf-8")


def serve(channel, function):
    while True:
        message = channel.read()
        if message is None:
            return
        if message.get("op") == "call":
            channel.write_bytes(run_chunk(function, message))
        else:
            channel.write({"op": "protocol_error", "error": "unknown op %r" % message.get("op")})


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: inferd_worker.py BUNDLE_DIRECTORY SOURCE MAIN\n")
        return 2
    bundle_directory, source, main_name = os.path.abspath(argv[1]), argv[2], argv[3]
    channel = take_over_standard_streams()
    exit_with_parent()
    try:
        function = load_main_function(bundle_directory, source, main_name)
        arity = arity_of(function)
    except BaseException as error:  # noqa: B036 - an import that calls sys.exit() is a load failure too
        channel.write({"op": "load_failed", "error": describe_exception(error)})
        return 3
    channel.write({"op": "ready", "pid": os.getpid(), "python": "%d.%d.%d" % sys.version_info[:3],
                   "arity": arity})
    serve(channel, function)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
