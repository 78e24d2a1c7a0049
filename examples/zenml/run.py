"""A Kickoff step that runs the ZenML pipeline with the trigger's parameters (`python3 run.py STEP`).

`load_data` only passes its `data_url` on (the tutorial's body names it under that step);
`train_model` runs the whole ZenML pipeline with it and its own `model_type`, and writes the run's
accuracy and ZenML's own run id as the Kickoff run's outputs.
"""
import json
import os
import sys

PARAMETERS = json.loads(os.environ.get("KICKOFF_PARAMETERS", "{}"))
INPUTS = json.loads(os.environ.get("KICKOFF_INPUTS", "{}"))


def write_output(value):
    with open(os.environ["KICKOFF_OUTPUT"], "w") as output:
        json.dump(value, output)


def load_data():
    write_output({"data_url": PARAMETERS["data_url"]})


def train_model():
    from zenml.client import Client

    from training import training_pipeline

    data_url = INPUTS["load_data"]["data_url"]
    model_type = PARAMETERS["model_type"]
    run = training_pipeline(data_url=data_url, model_type=model_type)
    if run is None:  # ZenML versions whose pipeline call returns nothing
        run = Client().get_pipeline("training_pipeline").last_run
    run = Client().get_pipeline_run(run.id)
    accuracy = run.steps["evaluate"].outputs["accuracy"][0].load()
    print(f"ZenML run {run.id}: {model_type} accuracy {accuracy:.3f}")
    write_output({"accuracy": accuracy, "model_type": model_type, "zenml_run_id": str(run.id),
                  "zenml_status": str(run.status)})


STEPS = {"load_data": load_data, "train_model": train_model}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in STEPS:
        sys.exit(f"usage: run.py {{{'|'.join(STEPS)}}}")
    STEPS[sys.argv[1]]()
