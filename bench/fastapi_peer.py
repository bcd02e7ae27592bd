"""The FastAPI + uvicorn peer for bench/run.sh: the same protocol and the same doubling function,
served the way MLflow's and KServe's Python scoring servers serve models.

Run: python3 -m uvicorn --app-dir bench fastapi_peer:app --workers 2 --port 19103
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


def example_doubler(foo: int):
    return 2 * foo


@app.post("/v1/{deployment}/{ref}")
async def call(deployment: str, ref: str, request: Request):
    data = (await request.json())["data"]
    if isinstance(data, list) and data and all(isinstance(item, list) and len(item) == 2 for item in data):
        answers = [[item[0], example_doubler(item[1])] for item in data]
        answers.sort(key=lambda pair: (isinstance(pair[0], str), pair[0]))
        return JSONResponse({"data": answers})
    return JSONResponse({"data": example_doubler(data)})
