/// Help texts shared by the processes that count the same family (front and workers both finish runs).
public enum RunMetrics {
    public static let runsHelp = "Runs that reached a final status in this process, by pipeline and status "
        + "(workers: succeeded, failed, canceled; the front: canceled while waiting). Sum over every process for the cluster."
}
