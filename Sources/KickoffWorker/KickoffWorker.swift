// Workers: claim one run at a time from Redis and run its steps as child processes.
public enum KickoffWorker {}
