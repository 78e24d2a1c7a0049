import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `POST /v1/runs/purge` (scope `admin`): deletes finished runs older than a duration, with
/// everything they own; never a queued, scheduled or running one.
struct PurgeRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.post("/v1/runs/purge") { request, context in
            let purge = try PurgeRequest(JSONBody.parse(try await request.bodyBytes(context: context), emptyAs: .object([:])))
            let result = try await state.runs.purge(olderThan: purge.olderThan, statuses: purge.statuses, dryRun: purge.dryRun)
            context.logger.info("purge", metadata: ["key": .string(context.key.name), "older_than": .string(DurationText.format(purge.olderThan)),
                                                    "matched": .stringConvertible(result.matched), "dry_run": .stringConvertible(purge.dryRun)])
            return try JSONResponse.make(PurgeAnswer(older_than: DurationText.format(purge.olderThan), cutoff: Timestamp.rfc3339(milliseconds: result.cutoff),
                                                     statuses: purge.statuses.map(\.rawValue), matched: result.matched, deleted: result.deleted,
                                                     dry_run: purge.dryRun))
        }
    }
}
