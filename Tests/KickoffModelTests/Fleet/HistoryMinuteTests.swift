import KickoffModel
import Testing

/// A minute of history read back from its hash, the stats report built from minutes, and the worker
/// record's fields.
@Suite struct HistoryMinuteTests {
    @Test func aMinutesFieldsAreReadByKind() {
        let minute = HistoryMinute(minute: 29_000_000, fields: [
            "runs:train:succeeded": "3", "runs:train:failed": "1", "runs:etl-daily:succeeded": "2",
            "step:train:26": "4", "step:train:40": "1", "depth:default": "5", "wait:default": "1200",
            "webhook:delivered": "2", "webhook:dead": "1", "sampled": "9", "junk": "x", "runs:nocolon": "1",
        ])
        #expect(minute.runs == ["train": ["succeeded": 3, "failed": 1], "etl-daily": ["succeeded": 2]])
        #expect(minute.runsByStatus == ["succeeded": 5, "failed": 1])
        #expect(minute.steps["train"]?.count == 5)
        #expect(minute.depth == ["default": 5] && minute.oldestWait == ["default": 1200])
        #expect(minute.webhooks == ["delivered": 2, "dead": 1])
        #expect(minute.startMilliseconds == 29_000_000 * 60_000)
    }

    @Test func theReportListsMinutesInOrderAndAddsThemUp() {
        let later = HistoryMinute(minute: 11, fields: ["runs:p:succeeded": "1", "step:p:40": "1"])
        let earlier = HistoryMinute(minute: 10, fields: ["runs:p:succeeded": "2", "runs:p:failed": "1", "step:p:26": "3",
                                                          "depth:q": "4", "wait:q": "700", "webhook:retry": "1"])
        let report = StatsReport(minutes: [later, earlier], since: 600_000, until: 720_000)
        #expect(report.minutes.map(\.at) == ["1970-01-01T00:10:00.000Z", "1970-01-01T00:11:00.000Z"])
        #expect(report.minutes[0].queues["q"]?.depth == 4 && report.minutes[0].queues["q"]?.oldest_wait_ms == 700)
        #expect(report.totals.runs == ["p": ["succeeded": 3, "failed": 1]])
        #expect(report.totals.step_durations["p"]?.count == 4)
        #expect(report.totals.step_durations["p"]?.p50_ms == DurationHistogram.value(bucket: 26))
        #expect(report.totals.step_durations["p"]?.p95_ms == DurationHistogram.value(bucket: 40))
        #expect(report.totals.webhooks == ["retry": 1])
        #expect(report.since == "1970-01-01T00:10:00.000Z")
    }

    @Test func aWorkerRecordReadsBackFromItsFieldsAndTellsALateHeartbeat() {
        let record = WorkerRecord(name: "w", host: "h", pid: 9, queues: ["a", "b"], pipelineDigest: "d", startedAt: 5, runID: "r",
                                  pipeline: "p", runSince: 6, step: "s", stepSince: 7, heartbeatAt: 0, intervalMilliseconds: 1000,
                                  runsDone: 3, rssBytes: 4096)
        var hash = Dictionary(uniqueKeysWithValues: record.fields)
        hash["heartbeat_at"] = "10000"
        var expected = record
        expected.heartbeatAt = 10_000
        #expect(WorkerRecord(name: "w", hash: hash) == expected)
        #expect(WorkerRecord(name: "w", hash: [:]) == nil)
        #expect(expected.isLate(now: 12_000) == false)
        #expect(expected.isLate(now: 12_001) == true)
        let list = WorkerList(records: [expected], frontDigest: "other", now: 12_500)
        #expect(list.workers.first?.late == true && list.workers.first?.pipeline_differs == true)
        #expect(list.workers.first?.heartbeat_age_ms == 2500)
    }
}
