import ArgumentParser
import Foundation
import KickoffModel
import KickoffStore

/// `kickoff keys create|list|revoke`: API keys, stored in Redis as SHA-256 digests only.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it once.")
        @OptionGroup var redis: RedisOptions
        @Argument(help: "A name for the key (who or what uses it).") var name: String
        @Option(help: ArgumentHelp("Comma-separated: trigger, read, admin.", valueName: "scopes")) var scopes: String = "trigger,read"

        func run() async throws {
            let scopes = try APIKeyScope.parseList(self.scopes).get()
            let (key, record) = try await withKeyStore(redis) { try await $0.create(name: name, scopes: scopes) }
            print(key)
            FileHandle.standardError.write(Data("created key \(record.name) with scopes \(record.scopes.map(\.rawValue).joined(separator: ",")); it is shown only this once\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (names, scopes, times; never the keys).")
        @OptionGroup var redis: RedisOptions

        func run() async throws {
            let records = try await withKeyStore(redis) { try await $0.list() }
            let rows = records.map { record in
                [record.name, record.scopes.map(\.rawValue).joined(separator: ","), Timestamp.rfc3339(milliseconds: record.createdAt),
                 record.lastUsedAt.map { Timestamp.rfc3339(milliseconds: $0) } ?? "never"]
            }
            print(TextTable(rows: [["NAME", "SCOPES", "CREATED", "LAST USED"]] + rows).render(), terminator: "")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by name.")
        @OptionGroup var redis: RedisOptions
        @Argument var name: String

        func run() async throws {
            guard try await withKeyStore(redis, { try await $0.revoke(name: name) }) else {
                FileHandle.standardError.write(Data("kickoff keys revoke: no key named \(name)\n".utf8))
                throw ExitCode.failure
            }
            print("revoked \(name)")
        }
    }
}

/// Runs `body` with a key store on the configured Redis.
func withKeyStore<Result: Sendable>(_ redis: RedisOptions, _ body: (APIKeyStore) async throws -> Result) async throws -> Result {
    try await withStore(redis) { store, _ in try await body(store.apiKeys) }
}
