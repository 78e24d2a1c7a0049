import ArgumentParser
import Foundation
import KickoffModel
import KickoffStore

/// `kickoff webhooks add|list|remove|dead-letters|redeliver`: endpoints that get every run's final
/// event, and the deliveries that were given up on.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Configure webhook endpoints; list and resend dead letters.",
        subcommands: [Add.self, List.self, Remove.self, DeadLetters.self, Redeliver.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the final event of every run to URL.")
        @OptionGroup var shared: SharedOptions
        @Argument(help: "An http:// or https:// URL.") var url: String
        @Option(help: ArgumentHelp("Comma-separated: run.succeeded, run.failed, run.canceled (default: all).", valueName: "events"))
        var events: String?

        func run() async throws {
            var types: [WebhookEventType] = []
            for name in (events ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let type = WebhookEventType(rawValue: name) else {
                    throw ValidationError("--events: '\(name)' is not one of run.succeeded, run.failed, run.canceled")
                }
                types.append(type)
            }
            let policy = try WebhookSettings(secret: nil, environment: ProcessInfo.processInfo.environment).policy
            let id = try await withWebhookStore(shared) { try await $0.addEndpoint(url: url, events: types, policy: policy) }
            print(id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the configured endpoints.")
        @OptionGroup var shared: SharedOptions

        func run() async throws {
            let endpoints = try await withWebhookStore(shared) { try await $0.endpoints() }
            let rows = endpoints.map { [$0.id, $0.url, $0.events.isEmpty ? "all" : $0.events.map(\.rawValue).joined(separator: ",")] }
            print(TextTable(rows: [["ID", "URL", "EVENTS"]] + rows).render(), terminator: "")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint by id.")
        @OptionGroup var shared: SharedOptions
        @Argument var id: String

        func run() async throws {
            guard try await withWebhookStore(shared, { try await $0.removeEndpoint(id: id) }) else {
                FileHandle.standardError.write(Data("kickoff webhooks remove: no endpoint \(id)\n".utf8))
                throw ExitCode.failure
            }
            print("removed \(id)")
        }
    }

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List deliveries that were given up on, newest first.")
        @OptionGroup var shared: SharedOptions
        @Option var limit: Int = 50

        func run() async throws {
            let page = try await withWebhookStore(shared) { try await $0.deadLetters(limit: limit) }
            let rows = page.deliveries.map { delivery in
                [delivery.id, delivery.type.rawValue, delivery.url, String(delivery.attempts),
                 delivery.deadAt.map { Timestamp.rfc3339(milliseconds: $0) } ?? "", delivery.lastError ?? ""]
            }
            print(TextTable(rows: [["ID", "EVENT", "URL", "ATTEMPTS", "DEAD SINCE", "LAST ERROR"]] + rows).render(), terminator: "")
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead letter again.")
        @OptionGroup var shared: SharedOptions
        @Argument var id: String

        func run() async throws {
            switch try await withWebhookStore(shared, { try await $0.redeliver(id: id) }) {
            case .ok: print("queued \(id) for delivery")
            case .missing:
                FileHandle.standardError.write(Data("kickoff webhooks redeliver: no dead letter \(id)\n".utf8))
                throw ExitCode.failure
            case .busy:
                FileHandle.standardError.write(Data("kickoff webhooks redeliver: \(id) is pending or being sent already\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

/// Runs `body` with a webhook store on the configured Redis.
func withWebhookStore<Result: Sendable>(_ shared: SharedOptions, _ body: (WebhookStore) async throws -> Result) async throws -> Result {
    try await withStore(shared) { store, _ in try await body(store.webhooks) }
}
