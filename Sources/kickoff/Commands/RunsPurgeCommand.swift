import ArgumentParser
import Foundation
import KickoffModel

/// `kickoff runs purge --older-than 30d [--status failed,canceled] [--dry-run]`: deletes finished
/// runs through the front (an admin key), with their logs, events and webhook records.
struct RunsPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete finished runs older than a duration, with everything they own (admin key).",
        discussion: "Queued, scheduled and running runs are never deleted. Age counts from when the run finished."
    )

    @OptionGroup var client: ClientOptions

    @Option(help: ArgumentHelp("Runs that finished longer ago than this, e.g. 30d or 12h.", valueName: "duration"))
    var olderThan: String

    @Option(help: ArgumentHelp("Only runs in these states (comma-separated: succeeded, failed, canceled; default all three).", valueName: "status"))
    var status: String?

    @Flag(help: "Count what would be deleted; delete nothing.")
    var dryRun = false

    func validate() throws {
        _ = try parseDuration(olderThan, "--older-than")
    }

    func run() async throws {
        var body: [String: JSONValue] = ["older_than": .string(olderThan), "dry_run": .bool(dryRun)]
        if let status {
            body["status"] = .array(status.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        }
        try await client.withAPIClient { api in
            let answer = try await api.decode(PurgeSummary.self, .post, "/v1/runs/purge", json: .object(body))
            let verb = answer.dryRun ? "would delete" : "deleted"
            StandardOutput.write("\(verb) \(answer.matched) run\(answer.matched == 1 ? "" : "s") (\(answer.statuses.joined(separator: ", "))) that finished before \(answer.cutoff)\n")
        }
    }
}

/// The answer of `POST /v1/runs/purge`.
struct PurgeSummary: Decodable, Sendable {
    var cutoff: String
    var statuses: [String]
    var matched: Int
    var deleted: Int
    var dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case cutoff, statuses, matched, deleted
        case dryRun = "dry_run"
    }
}
