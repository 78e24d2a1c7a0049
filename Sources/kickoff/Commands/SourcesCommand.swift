import ArgumentParser
import Foundation
import KickoffModel

/// `kickoff sources list|deliveries`: the pipeline file's hook sources as the front sees them, and
/// each one's recent deliveries.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Show the inbound hook sources and their recent deliveries.",
        subcommands: [SourcesListCommand.self, SourcesDeliveriesCommand.self], defaultSubcommand: SourcesListCommand.self
    )
}

/// `GET /v1/sources` as the client reads it.
struct SourceList: Decodable {
    struct Route: Decodable {
        var pipeline: String
        var preset: String?
    }

    struct Source: Decodable {
        var name: String
        var provider: String
        var secret_env: String
        var configured: Bool
        var routes: [Route]
        var counts: [String: Int]
    }

    var sources: [Source]
}

/// `GET /v1/sources/{name}/deliveries` as the client reads it.
struct SourceDeliveryList: Decodable {
    struct Delivery: Decodable {
        var id: String
        var event: String?
        var outcome: String
        var runs: [String]
        var errors: [FieldError]
        var at: String
    }

    var deliveries: [Delivery]
}

struct SourcesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sources, their routes and counts by outcome.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.withAPIClient { api in
            let list = try await api.decode(SourceList.self, .get, "/v1/sources")
            let rows = list.sources.map { source in
                [source.name, source.provider, "/v1/hooks/\(source.name)",
                 source.configured ? source.secret_env : "\(source.secret_env) (not set)",
                 source.routes.map { $0.pipeline + ($0.preset.map { "+\($0)" } ?? "") }.joined(separator: " "),
                 ["created", "filtered", "duplicate", "invalid_parameters", "unauthorized"].map { String(source.counts[$0] ?? 0) }.joined(separator: "/")]
            }
            StandardOutput.write(TextTable(rows: [["SOURCE", "PROVIDER", "HOOK", "SECRET", "PIPELINES",
                                                   "CREATED/FILTERED/DUPLICATE/INVALID/UNAUTHORIZED"]] + rows).render())
        }
    }
}

struct SourcesDeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "Show a source's recent deliveries, newest first.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The source's name.")
    var source: String

    @Option(help: "How many deliveries to show (1…500).")
    var limit: Int = 20

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError("--limit: \(limit) is out of range (1…500)") }
    }

    func run() async throws {
        try await client.withAPIClient { api in
            let path = "/v1/sources/\(source.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? source)/deliveries"
            let list = try await api.decode(SourceDeliveryList.self, .get, path, query: [("limit", String(limit))])
            let rows = list.deliveries.map { delivery in
                [delivery.at, delivery.id, delivery.event ?? "-", delivery.outcome,
                 delivery.runs.isEmpty ? "-" : delivery.runs.joined(separator: " "),
                 delivery.errors.map(\.description).joined(separator: "; ")]
            }
            StandardOutput.write(TextTable(rows: [["AT", "DELIVERY", "EVENT", "OUTCOME", "RUNS", "ERRORS"]] + rows).render())
        }
    }
}
