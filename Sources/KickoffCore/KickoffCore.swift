// What the front and the workers share: the pipeline file, run records and the queue in Redis.
public enum KickoffCore {}
