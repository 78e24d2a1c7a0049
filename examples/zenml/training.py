"""The training pipeline of ZenML's "trigger pipelines from external systems" tutorial, as a real
ZenML pipeline: load_data → preprocess → train_model → evaluate, on a local stack. Synthetic data
with fixed seeds, so a model type always gives the same accuracy (what scripts/zenml-demo checks).
"""
from typing import Annotated, Any, Tuple

import numpy as np
from zenml import pipeline, step


@step
def load_data(data_url: str = "s3://example-bucket/data.csv") -> Tuple[Annotated[np.ndarray, "features"], Annotated[np.ndarray, "labels"]]:
    print(f"Loading data from {data_url} (synthetic here: 1000 samples, seed 42)")
    rng = np.random.default_rng(42)
    features = rng.random((1000, 10))
    weights = rng.standard_normal(10)
    noise = rng.normal(0, 0.5, 1000)
    scores = features @ weights + noise
    return features, (scores > np.median(scores)).astype(int)


@step
def preprocess(features: np.ndarray, labels: np.ndarray) -> Tuple[
        Annotated[np.ndarray, "X_train"], Annotated[np.ndarray, "X_test"],
        Annotated[np.ndarray, "y_train"], Annotated[np.ndarray, "y_test"]]:
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=42)
    return X_train, X_test, y_train, y_test


@step
def train_model(X_train: np.ndarray, y_train: np.ndarray, model_type: str = "random_forest") -> Annotated[Any, "model"]:
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

    print(f"Training {model_type}")
    model = RandomForestClassifier(n_estimators=100, random_state=42) if model_type == "random_forest" \
        else GradientBoostingClassifier(random_state=42)
    model.fit(X_train, y_train)
    return model


@step
def evaluate(model: Any, X_test: np.ndarray, y_test: np.ndarray) -> Annotated[float, "accuracy"]:
    accuracy = float((model.predict(X_test) == y_test).mean())
    print(f"accuracy {accuracy:.3f}")
    return accuracy


@pipeline(enable_cache=False)
def training_pipeline(data_url: str = "s3://example-bucket/data.csv", model_type: str = "random_forest") -> None:
    features, labels = load_data(data_url=data_url)
    X_train, X_test, y_train, y_test = preprocess(features, labels)
    model = train_model(X_train, y_train, model_type=model_type)
    evaluate(model, X_test, y_test)
