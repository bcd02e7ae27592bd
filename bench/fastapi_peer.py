"""The FastAPI + uvicorn peer for bench/run.sh: the same protocol and the same functions, served the
way MLflow's and KServe's Python scoring servers serve models.

- /v1/iris_classifier/...: the scikit-learn iris classifier of examples/iris_classifier, trained the
  same way at import; a batch is one predict over all its rows. Served only when scikit-learn is
  importable (else that deployment answers 404).
- any other deployment name: the doubling function of examples/example_doubler.

Run: python3 -m uvicorn --app-dir bench fastapi_peer:app --workers 2 --port 19103
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

try:
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
except ImportError:
    _iris = _model = None
else:
    _iris = load_iris()
    _model = LogisticRegression(max_iter=1000).fit(_iris.data, _iris.target)

app = FastAPI()


def example_doubler(foo: int):
    return 2 * foo


def iris_classifier(data):
    """A batch (items [ID, 4 measurements]) is one predict over all its rows; a single call (the 4
    measurements) is a predict over one row."""
    if isinstance(data, list) and data and all(isinstance(item, list) and len(item) == 5 for item in data):
        species = _model.predict(np.array([item[1:] for item in data], dtype=float))
        answers = [[item[0], str(name)] for item, name in zip(data, _iris.target_names[species])]
        answers.sort(key=lambda pair: (isinstance(pair[0], str), pair[0]))
        return JSONResponse({"data": answers})
    species = _model.predict([data])[0]
    return JSONResponse({"data": str(_iris.target_names[species])})


@app.post("/v1/{deployment}/{ref}")
async def call(deployment: str, ref: str, request: Request):
    if deployment == "iris_classifier":
        if _model is None:
            return JSONResponse({"error": "scikit-learn is not importable here"}, status_code=404)
        return iris_classifier((await request.json())["data"])
    data = (await request.json())["data"]
    if isinstance(data, list) and data and all(isinstance(item, list) and len(item) == 2 for item in data):
        answers = [[item[0], example_doubler(item[1])] for item in data]
        answers.sort(key=lambda pair: (isinstance(pair[0], str), pair[0]))
        return JSONResponse({"data": answers})
    return JSONResponse({"data": example_doubler(data)})
