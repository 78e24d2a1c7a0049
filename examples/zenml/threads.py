"""The tutorial's own approach, for comparison: the front starts each triggered pipeline in a
background thread of its one process (`threading.Thread(target=run_pipeline)` in its FastAPI
handler). Here without the HTTP part: N pipelines started at once in threads of one process, model
types alternating, each run's outcome read back from ZenML. Prints one JSON line per trigger.
Usage: python3 threads.py N [REFERENCE_JSON]   (with the reference: how many runs were right)
"""
import json
import sys
import threading

from zenml.client import Client

from training import training_pipeline

runs = int(sys.argv[1])
results = [None] * runs


def run_pipeline(index):
    model_type = ("random_forest", "gradient_boosting")[index % 2]
    try:
        run = training_pipeline(data_url=f"s3://example-bucket/data-{index}.csv", model_type=model_type)
        run = Client().get_pipeline_run(run.id)
        accuracy = run.steps["evaluate"].outputs["accuracy"][0].load()
        results[index] = {"model_type": model_type, "status": str(run.status), "accuracy": accuracy, "zenml_run_id": str(run.id),
                          "trained": run.config.parameters.get("model_type") if run.config.parameters else None}
    except Exception as error:  # what the tutorial's thread would lose silently
        results[index] = {"model_type": model_type, "status": "error", "error": f"{type(error).__name__}: {error}"[:200]}


threads = [threading.Thread(target=run_pipeline, args=(index,)) for index in range(runs)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for result in results:
    print(json.dumps(result))
if len(sys.argv) > 2:
    reference = json.loads(sys.argv[2])
    right = sum(r["status"] == "completed" and r.get("accuracy") == reference[r["model_type"]] for r in results)
    print(f"threads: {right} of {runs} runs gave the right accuracy")
