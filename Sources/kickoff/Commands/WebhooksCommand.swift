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
        @OptionGroup var redis: RedisOptions
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
            let id = try await withWebhookStore(redis) { try await $0.addEndpoint(url: url, events: types, policy: policy) }
            print(id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the configured endpoints.")
        @OptionGroup var redis: RedisOptions

        func run() async throws {
            let endpoints = try await withWebhookStore(redis) { try await $0.endpoints() }
            let rows = endpoints.map { [$0.id, $0.url, $0.events.isEmpty ? "all" : $0.events.map(\.rawValue).joined(separator: ",")] }
            print(TextTable(rows: [["ID", "URL", "EVENTS"]] + rows).render(), terminator: "")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint by id.")
        @OptionGroup var redis: RedisOptions
        @Argument var id: String

        func run() async throws {
            guard try await withWebhookStore(redis, { try await $0.removeEndpoint(id: id) }) else {
                FileHandle.standardError.write(Data("kickoff webhooks remove: no endpoint \(id)\n".utf8))
                throw ExitCode.failure
            }
            print("removed \(id)")
        }
    }

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List deliveries that were given up on, newest first.")
        @OptionGroup var redis: RedisOptions

        @Option(help: ArgumentHelp("At most this many (1…1000).", valueName: "n"))
        var limit: Int = 50

        @Option(help: ArgumentHelp("Continue after a previous page (printed on stderr when there is more).", valueName: "cursor"))
        var cursor: String?

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit: \(limit) is out of range (1…1000)") }
        }

        func run() async throws {
            let page = try await withWebhookStore(redis) { try await $0.deadLetters(limit: limit, cursor: cursor) }
            let rows = page.deliveries.map { delivery in
                [delivery.id, delivery.type.rawValue, delivery.url, String(delivery.attempts),
                 delivery.deadAt.map { Timestamp.rfc3339(milliseconds: $0) } ?? "", delivery.lastError ?? ""]
            }
            StandardOutput.write(TextTable(rows: [["ID", "EVENT", "URL", "ATTEMPTS", "DEAD SINCE", "LAST ERROR"]] + rows).render())
            if let next = page.nextCursor {
                StandardError.write(lines: ["more dead letters: " + nextPageCommand(cursor: next)])
            }
        }

        /// This command again for the next page, quoted for a shell, with the Redis flags given. A
        /// `--redis-url` with a password is left out (a terminal and its history are no place for it):
        /// a shell comment then says to set KICKOFF_REDIS_URL to it.
        func nextPageCommand(cursor next: String) -> String {
            let url = redis.redisURL
            let urlHasPassword = url.map { Settings.redactedURL($0) != $0 } ?? false
            let words = ["kickoff", "webhooks", "dead-letters"] + forwardedFlags([("--redis-url", urlHasPassword ? nil : url)]) + redis.forwarded
                + forwardedFlags([("--limit", limit == 50 ? nil : String(limit)), ("--cursor", next)])
            return ShellCommand.line(words) + (urlHasPassword ? "  # with \(EnvironmentVariable.redisURL) set to the --redis-url given" : "")
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead letter again.")
        @OptionGroup var redis: RedisOptions
        @Argument var id: String

        func run() async throws {
            switch try await withWebhookStore(redis, { try await $0.redeliver(id: id) }) {
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
func withWebhookStore<Result: Sendable>(_ redis: RedisOptions, _ body: (WebhookStore) async throws -> Result) async throws -> Result {
    try await withStore(redis) { store, _ in try await body(store.webhooks) }
}
