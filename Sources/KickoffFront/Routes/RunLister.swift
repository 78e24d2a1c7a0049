import KickoffModel
import KickoffStore

/// One page of `GET /v1/runs`: newest first from the runs index (or a pipeline's index), with
/// the status filter applied to the records. Ids whose records have expired are skipped.
struct RunLister: Sendable {
    let state: FrontState
    /// Index entries read per round trip, and at most per request (a narrow status filter over a
    /// long history returns a shorter page with a cursor rather than scanning everything).
    let batchSize = 100
    let scanLimit = 2000

    struct Page: Encodable {
        var records: [RunRecord]
        var nextCursor: String?

        var runs: [RunObject] { records.map { RunObject(record: $0) } }

        enum CodingKeys: String, CodingKey {
            case runs
            case nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(runs, forKey: .runs)
            try container.encode(nextCursor, forKey: .nextCursor)  // null on the last page
        }
    }

    func page(_ query: RunListQuery) async throws -> Page {
        if query.sort != .newestFirst { return try await sortedPage(query) }
        var runs: [RunRecord] = []
        var offset = 0
        var lastScanned: RunListCursor?
        while offset < scanLimit {
            let entries = try await state.runs.indexEntries(pipeline: query.pipeline, maximumScore: query.cursor?.score,
                                                            offset: offset, count: batchSize).map { RunListCursor(score: $0.score, id: $0.id) }
            offset += entries.count
            // Members of equal score come in descending id order: skip up to the cursor's id.
            let candidates = entries.filter { entry in
                guard let cursor = query.cursor, entry.score == cursor.score else { return true }
                return entry.id < cursor.id
            }.filter { RunID.isValid($0.id) }
            let records = try await state.runs.records(ids: candidates.map(\.id))
            for (position, (entry, record)) in zip(candidates, records).enumerated() {
                lastScanned = entry
                guard let record else { continue }
                if let statuses = query.statuses, !statuses.contains(record.status) { continue }
                if let tag = query.tag, !record.tags.contains(tag) { continue }
                runs.append(record)
                if runs.count == query.limit {
                    let more = position < candidates.count - 1 || entries.count == batchSize
                    return Page(records: try await state.runs.explainingWaits(runs), nextCursor: more ? entry.text : nil)
                }
            }
            if entries.count < batchSize { return Page(records: try await state.runs.explainingWaits(runs), nextCursor: nil) }
        }
        return Page(records: try await state.runs.explainingWaits(runs), nextCursor: lastScanned?.text)
    }

    /// A non-default order: the `RunSort.window` most recent runs of the index (the pipeline's, with
    /// a pipeline filter), filtered, sorted, the first `limit` of them; one page, no cursor.
    private func sortedPage(_ query: RunListQuery) async throws -> Page {
        var matching: [RunRecord] = []
        var offset = 0
        while offset < RunSort.window {
            let wanted = min(batchSize, RunSort.window - offset)
            let entries = try await state.runs.indexEntries(pipeline: query.pipeline, maximumScore: nil, offset: offset, count: wanted)
            offset += entries.count
            let ids = entries.map(\.id).filter(RunID.isValid)
            for record in try await state.runs.records(ids: ids).compactMap({ $0 }) {
                if let statuses = query.statuses, !statuses.contains(record.status) { continue }
                if let tag = query.tag, !record.tags.contains(tag) { continue }
                matching.append(record)
            }
            if entries.count < wanted { break }
        }
        let page = Array(query.sort.sorted(matching).prefix(query.limit))
        return Page(records: try await state.runs.explainingWaits(page), nextCursor: nil)
    }
}
