"""The accuracy each model type must give: the pipeline's step functions called directly (their
ZenML entrypoints), in one process, one after the other. scripts/zenml-demo compares every
concurrently triggered run against it. Prints {"random_forest": a, "gradient_boosting": b}.
"""
import json

from training import evaluate, load_data, preprocess, train_model

features, labels = load_data.entrypoint()
X_train, X_test, y_train, y_test = preprocess.entrypoint(features, labels)
print(json.dumps({model_type: evaluate.entrypoint(train_model.entrypoint(X_train, y_train, model_type=model_type), X_test, y_test)
                  for model_type in ("random_forest", "gradient_boosting")}))
