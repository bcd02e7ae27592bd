"""A real model: logistic regression on the iris flowers that scikit-learn ships with, called once
per flower. examples/iris_classifier is the same model called once per chunk of a batch.

It is trained when the module is imported, which inferd does once per worker process, so each
call only predicts."""

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

_iris = load_iris()
_model = LogisticRegression(max_iter=1000).fit(_iris.data, _iris.target)


def iris_classifier(sepal_length: float, sepal_width: float, petal_length: float, petal_width: float):
    species = _model.predict([[sepal_length, sepal_width, petal_length, petal_width]])[0]
    return str(_iris.target_names[species])
