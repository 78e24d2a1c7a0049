"""The steps of the training example, run by a Kickoff worker as `python3 steps.py STEP`.

Each step reads its parameters from KICKOFF_PARAMETERS and its upstream steps' outputs from
KICKOFF_INPUTS, passes data to later steps through KICKOFF_ARTIFACT_DIR, and writes its own
output as JSON to KICKOFF_OUTPUT. What they compute follows ZenML's trigger tutorial.
"""
import json
import os
import pathlib
import pickle
import sys

import numpy as np

ARTIFACTS = pathlib.Path(os.environ["KICKOFF_ARTIFACT_DIR"])
PARAMETERS = json.loads(os.environ.get("KICKOFF_PARAMETERS", "{}"))
INPUTS = json.loads(os.environ.get("KICKOFF_INPUTS", "{}"))


def write_output(value):
    with open(os.environ["KICKOFF_OUTPUT"], "w") as output:
        json.dump(value, output)


def load_data():
    data_url = PARAMETERS["data_url"]
    print(f"Loading data from {data_url} (synthetic here: 1000 samples, seed 42)")
    np.random.seed(42)
    features = np.random.rand(1000, 10)
    weights = np.random.randn(10)
    noise = np.random.normal(0, 0.5, 1000)
    labels = (features @ weights + noise > np.median(features @ weights)).astype(int)
    np.savez(ARTIFACTS / "data.npz", X=features, y=labels)
    write_output({"data_url": data_url, "samples": int(len(labels))})


def preprocess():
    from sklearn.model_selection import train_test_split

    data = np.load(ARTIFACTS / "data.npz")
    X_train, X_test, y_train, y_test = train_test_split(data["X"], data["y"], test_size=0.2, random_state=42)
    np.savez(ARTIFACTS / "split.npz", X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test)
    print(f"Split into {len(y_train)} training and {len(y_test)} test samples")
    write_output({"train_samples": int(len(y_train)), "test_samples": int(len(y_test))})


def train_model():
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

    model_type = PARAMETERS["model_type"]
    split = np.load(ARTIFACTS / "split.npz")
    if model_type == "random_forest":
        model = RandomForestClassifier(n_estimators=100, random_state=42)
    else:
        model = GradientBoostingClassifier(random_state=42)
    print(f"Training {model_type}")
    model.fit(split["X_train"], split["y_train"])
    with open(ARTIFACTS / "model.pkl", "wb") as file:
        pickle.dump(model, file)
    write_output({"model_type": model_type})


def evaluate():
    split = np.load(ARTIFACTS / "split.npz")
    with open(ARTIFACTS / "model.pkl", "rb") as file:
        model = pickle.load(file)
    accuracy = float((model.predict(split["X_test"]) == split["y_test"]).mean())
    model_type = INPUTS["train_model"]["model_type"]
    print(f"{model_type}: accuracy {accuracy:.3f}")
    write_output({"accuracy": accuracy, "model_type": model_type})


STEPS = {"load_data": load_data, "preprocess": preprocess, "train_model": train_model, "evaluate": evaluate}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in STEPS:
        sys.exit(f"usage: steps.py {{{'|'.join(STEPS)}}}")
    STEPS[sys.argv[1]]()
