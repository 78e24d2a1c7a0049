import ArgumentParser
import KickoffModel
import KickoffWorker
@testable import kickoff
import Testing

/// The command line's own edges: next-page commands, options per command, run ids, `--next`, `--version`.
@Suite struct ClientEdgeTests {
    @Test func wordsAreQuotedForAShellOnlyWhereTheyNeedIt() {
        #expect(ShellCommand.quoted("training") == "training")
        #expect(ShellCommand.quoted("failed,canceled") == "failed,canceled")
        #expect(ShellCommand.quoted("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
        #expect(ShellCommand.quoted("") == "''")
        #expect(ShellCommand.quoted("a b") == "'a b'")
        #expect(ShellCommand.quoted("it's") == #"'it'\''s'"#)
        #expect(ShellCommand.quoted("$(touch x);`y`") == "'$(touch x);`y`'")
        #expect(ShellCommand.quoted("~root") == "'~root'")
        #expect(ShellCommand.quoted("naïve") == "'naïve'")
    }

    @Test func runsListPrintsTheNextPageWithEveryFilterItWasGiven() throws {
        let command = try RunsListCommand.parse(["--pipeline", "nightly train", "--status", "failed,canceled", "--limit", "5",
                                                 "--url", "https://kickoff.example", "--api-key", "kk_secret", "--cursor", "old"])
        #expect(command.nextPageCommand(cursor: "c2") ==
            "kickoff runs list --url https://kickoff.example --pipeline 'nightly train' --status failed,canceled --limit 5 --cursor c2")
        // Never the key: it stays in the environment.
        #expect(!command.nextPageCommand(cursor: "c2").contains("kk_secret"))
        #expect(try RunsListCommand.parse([]).nextPageCommand(cursor: "c'3") == #"kickoff runs list --cursor 'c'\''3'"#)
    }

    @Test func deadLettersPrintTheNextPageWithTheRedisFlagsButNoPassword() throws {
        let plain = try WebhooksCommand.DeadLetters.parse(["--redis-url", "redis://10.0.0.5:6380/2", "--namespace", "ci", "--limit", "2"])
        #expect(plain.nextPageCommand(cursor: "1700000000000:r_callback") ==
            "kickoff webhooks dead-letters --redis-url redis://10.0.0.5:6380/2 --namespace ci --limit 2 --cursor 1700000000000:r_callback")
        let secret = try WebhooksCommand.DeadLetters.parse(["--redis-url", "redis://app:hunter2@10.0.0.5:6380/2"])
        let line = secret.nextPageCommand(cursor: "c")
        #expect(line == "kickoff webhooks dead-letters --cursor c  # with KICKOFF_REDIS_URL set to the --redis-url given")
        #expect(!line.contains("hunter2"))
        #expect(throws: (any Error).self) { try WebhooksCommand.DeadLetters.parse(["--limit", "0"]) }
    }

    @Test func keysAndWebhooksOfferOnlyTheRedisOptions() {
        let commands: [any ParsableCommand.Type] = [
            KeysCommand.Create.self, KeysCommand.List.self, KeysCommand.Revoke.self,
            WebhooksCommand.Add.self, WebhooksCommand.List.self, WebhooksCommand.Remove.self,
            WebhooksCommand.DeadLetters.self, WebhooksCommand.Redeliver.self,
        ]
        for command in commands {
            let help = command.helpMessage(columns: 200)
            for option in ["--redis-url", "--redis-sentinels", "--redis-master", "--namespace", "--partitions"] {
                #expect(help.contains(option), "\(command): \(help)")
            }
            for option in ["--pipelines", "--redis-min-replicas", "--redis-replica-timeout", "--log-level", "--log-format"] {
                #expect(!help.contains(option), "\(command) offers \(option): \(help)")
            }
        }
        // `pipelines list` reads a file (or asks a front): no Redis.
        let pipelines = PipelinesListCommand.helpMessage(columns: 200)
        #expect(pipelines.contains("--pipelines") && !pipelines.contains("--redis-url") && !pipelines.contains("--namespace"), "\(pipelines)")
        // The processes keep all of them.
        let serve = ServeCommand.helpMessage(columns: 200)
        for option in ["--redis-url", "--namespace", "--pipelines", "--redis-min-replicas", "--log-level"] {
            #expect(serve.contains(option), "\(serve)")
        }
    }

    @Test func anUpperCaseRunIDIsReadAsLowerCase() throws {
        let id = "0190F3A1-7C2B-7D4E-9A10-1B2C3D4E5F60"
        #expect(try RunsShowCommand.parse([id]).id == id.lowercased())
        #expect(try RunsCancelCommand.parse([id]).id == id.lowercased())
        #expect(try RunsLogsCommand.parse([id]).id == id.lowercased())
    }

    @Test func schedulesNextOutOfRangeIsRefusedNamingTheRange() throws {
        #expect(try SchedulesListCommand.parse(["--next", "3"]).next == 3)
        for value in ["4", "0", "-1"] {
            do {
                _ = try SchedulesListCommand.parse(["--next=\(value)"])
                Issue.record("--next \(value) was accepted")
            } catch {
                #expect(SchedulesListCommand.message(for: error).contains("--next: \(value) is out of range (1…3"),
                        "\(SchedulesListCommand.message(for: error))")
            }
        }
    }

    @Test func versionComesFromKickoffVersion() {
        do {
            _ = try Kickoff.parseAsRoot(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            #expect(Kickoff.message(for: error) == KickoffVersion.current)
            #expect(Kickoff.exitCode(for: error) == .success)
        }
    }

    @Test func aTLSFailureNamesTheCACertificateOptionNotARunningFront() {
        let untrusted = ClientError.tls(url: "https://127.0.0.1:8443", .untrustedCertificate("CERTIFICATE_VERIFY_FAILED")).lines.joined(separator: "\n")
        #expect(untrusted.contains("certificate this client does not trust (CERTIFICATE_VERIFY_FAILED)"), "\(untrusted)")
        #expect(untrusted.contains("--ca-cert") && untrusted.contains("KICKOFF_CA_CERT"), "\(untrusted)")
        #expect(!untrusted.contains("kickoff serve"), "\(untrusted)")
        let other = ClientError.tls(url: "https://127.0.0.1:8080", .tls("WRONG_VERSION_NUMBER")).lines.joined(separator: "\n")
        #expect(other.contains("TLS failed (WRONG_VERSION_NUMBER)") && other.contains("--ca-cert"), "\(other)")
    }
}
