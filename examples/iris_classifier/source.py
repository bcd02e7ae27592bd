"""A real model: logistic regression on the iris flowers that scikit-learn ships with, given a
whole chunk of a batch at once. inferd.yaml says batch: dataframe, so the function takes a pandas
DataFrame with one row per flower and the columns the manifest names, and returns one species per
row. examples/iris_classifier_per_row is the same model called once per flower.

The model is trained when the module is imported, which inferd does once per worker process."""

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

_iris = load_iris()
_model = LogisticRegression(max_iter=1000).fit(_iris.data, _iris.target)


def iris_classifier(flowers):
    # The model was fitted on a plain array, the columns in the manifest's order, so it is given
    # one: given the DataFrame, scikit-learn would also check its column names at every call, which
    # takes longer than predicting a few hundred flowers.
    species = _model.predict(flowers.to_numpy())
    return _iris.target_names[species]
