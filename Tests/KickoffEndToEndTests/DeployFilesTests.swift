import Foundation
import KickoffModel
import KickoffTestSupport
import KickoffWorker
import Testing
import Yams

/// The deployment files (`compose.yaml`, `deploy/kubernetes/*.yaml`, the Dockerfile, `deploy/README.md`)
/// against the real CLI, since no Docker engine or cluster runs them here: every kickoff command line
/// in them names a subcommand and only flags that subcommand's `--help` lists; every `KICKOFF_*`
/// variable is one Kickoff reads; the pipeline file they name exists and is valid; the grace periods
/// cover the workers' drain. Reads files and runs `kickoff … --help`; no network, no Redis.
@Suite struct DeployFilesTests {
    @Test func everyKickoffCommandLineNamesASubcommandAndOnlyItsFlags() async throws {
        let files = try DeployFiles.load()
        let commandLines = try files.commandLines()
        let help = HelpCache()
        var subcommandsSeen: Set<String> = []
        for commandLine in commandLines {
            let (path, flags) = try await help.split(commandLine.arguments)
            let text = try await help.text(path)
            let name = (["kickoff"] + path).joined(separator: " ")
            // The command's own OVERVIEW, not the list of its subcommands.
            let overview = (text.components(separatedBy: "USAGE:").first ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(!overview.contains("Not implemented yet"), "\(commandLine.origin): \(name) is not implemented yet")
            // A command group (keys, runs, …) must be followed by one of its subcommands.
            let groupMembers = HelpCache.subcommands(in: text)
            if !groupMembers.isEmpty, let next = commandLine.arguments.dropFirst(path.count).first, !next.hasPrefix("-") {
                Issue.record("\(commandLine): \(name) has no subcommand \(next) (it has \(groupMembers.sorted()))")
            }
            let unknown = flags.filter { !HelpCache.flags(in: text).contains($0) }
            #expect(unknown.isEmpty, "\(commandLine): \(name) does not take \(unknown)")
            subcommandsSeen.insert(path.joined(separator: " "))
        }
        // The extraction found what the files are known to hold, so a change in their shape fails here
        // rather than making the checks above vacuous.
        for expected in ["serve", "pool", "worker", "keys create"] {
            #expect(subcommandsSeen.contains(expected), "no `kickoff \(expected)` found in the deploy files: \(subcommandsSeen.sorted())")
        }
    }

    @Test func everyKickoffVariableIsOneKickoffReads() throws {
        let files = try DeployFiles.load()
        let known = Set(EnvironmentVariable.all)
        let set = try files.environmentNames()
        #expect(set.filter { $0.origin.hasPrefix("compose.yaml") }.count >= 3, "\(set)")
        #expect(set.filter { $0.origin.hasPrefix("deploy/kubernetes") }.count >= 6, "\(set)")
        for variable in set where variable.name.hasPrefix("KICKOFF_") {
            #expect(known.contains(variable.name), "\(variable.origin) sets \(variable.name), which Kickoff does not read")
        }
        // Mentions in comments and in the README count too.
        for (file, text) in files.allTexts {
            for name in DeployFiles.kickoffNames(in: text) {
                #expect(known.contains(name), "\(file) mentions \(name), which Kickoff does not read")
            }
        }
    }

    /// `EnvironmentVariable.all` keeps up with the variables KickoffModel declares.
    @Test func theListOfVariablesIsComplete() throws {
        let declared = [
            "Sources/KickoffModel/Configuration/EnvironmentVariable.swift",
            "Sources/KickoffModel/Webhooks/WebhookSettings.swift",
        ].flatMap { path -> [String] in
            let text = (try? String(contentsOf: DeployFiles.root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            return text.split(separator: "\n")
                .filter { $0.contains("static let") && $0.contains("\"KICKOFF_") }
                .flatMap { DeployFiles.kickoffNames(in: String($0)) }
        }
        #expect(declared.count >= 13, "\(declared)")
        let all = Set(EnvironmentVariable.all)
        #expect(all.count == EnvironmentVariable.all.count, "duplicates in EnvironmentVariable.all")
        for name in declared where name != EnvironmentVariable.poolSlot && name != EnvironmentVariable.poolPID {
            #expect(all.contains(name), "\(name) is declared but missing from EnvironmentVariable.all")
        }
    }

    /// The pipeline file the containers are given is in the image (examples/ → /app/examples) and valid.
    @Test func thePipelineFileTheyNameExistsAndIsValid() async throws {
        let files = try DeployFiles.load()
        let values = Set(try files.environmentNames().filter { $0.name == EnvironmentVariable.pipelines }.compactMap(\.value))
        #expect(!values.isEmpty)
        for value in values {
            #expect(value.hasPrefix("/app/examples/"), "\(value) is not under /app/examples, where the Dockerfile copies examples/")
            let local = DeployFiles.root.appendingPathComponent(String(value.dropFirst("/app/".count))).path
            let (status, output) = try await KickoffProcess.run(["pipelines", "validate", local])
            #expect(status == 0, "kickoff pipelines validate \(local): \(output)")
        }
    }

    /// Docker and Kubernetes SIGKILL after their grace period: it must outlast the drain.
    @Test func gracePeriodsCoverTheDrain() throws {
        let files = try DeployFiles.load()
        let workers = try #require((files.compose["services"] as? [String: Any])?["workers"] as? [String: Any])
        let stop = try DurationParser.parse(try #require(workers["stop_grace_period"] as? String))
        let poolLine = try #require(try files.commandLines().first { $0.origin.hasPrefix("compose.yaml") && $0.arguments.first == "pool" })
        // `kickoff pool` SIGKILLs its workers after --drain-timeout, by default drain + kill grace + 5s.
        let drainTimeout = try poolLine.duration("--drain-timeout")
            ?? (poolLine.duration("--drain-grace") ?? WorkerOptions.defaultDrainGrace)
            + (poolLine.duration("--kill-grace") ?? WorkerOptions.defaultKillGrace) + .seconds(5)
        #expect(stop > drainTimeout, "compose workers: stop_grace_period \(stop) must exceed the pool's drain timeout \(drainTimeout)")

        var checked = 0
        for (origin, podSpec, container) in files.kickoffContainers() {
            guard let line = files.commandLine(origin: origin, container: container), line.arguments.first == "worker" || line.arguments.first == "pool" else { continue }
            let grace = Duration.seconds(podSpec["terminationGracePeriodSeconds"] as? Int ?? 30)
            let drain = try (line.duration("--drain-grace") ?? WorkerOptions.defaultDrainGrace) + (line.duration("--kill-grace") ?? WorkerOptions.defaultKillGrace)
            #expect(grace > drain, "\(origin): terminationGracePeriodSeconds \(grace) must exceed drain grace + kill grace \(drain)")
            checked += 1
        }
        #expect(checked >= 1)
    }
}

// MARK: - Reading the files

/// A kickoff command line (what follows `kickoff`) and where it was found.
struct KickoffCommandLine: CustomStringConvertible {
    var origin: String
    var arguments: [String]

    var description: String { "\(origin): kickoff \(arguments.joined(separator: " "))" }

    /// The value of `--flag VALUE` or `--flag=VALUE` as a duration, nil when the flag is not given.
    func duration(_ flag: String) throws -> Duration? {
        for (index, argument) in arguments.enumerated() {
            if argument == flag, index + 1 < arguments.count { return try DurationParser.parse(arguments[index + 1]) }
            if argument.hasPrefix(flag + "=") { return try DurationParser.parse(String(argument.dropFirst(flag.count + 1))) }
        }
        return nil
    }
}

struct SetVariable: CustomStringConvertible {
    var origin: String
    var name: String
    var value: String?

    var description: String { "\(origin): \(name)" }
}

struct DeployFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var dockerfile: String
    var entrypoint: [String]
    var cmd: [String]
    var compose: [String: Any]
    /// (file, document) for every document of every deploy/kubernetes/*.yaml.
    var manifests: [(String, [String: Any])]
    /// Every file read, as text, by its path relative to the package root.
    var allTexts: [(String, String)]

    static func load() throws -> DeployFiles {
        func read(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        let dockerfile = try read("Dockerfile")
        let compose = try read("compose.yaml")
        let kubernetes = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("deploy/kubernetes").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "deploy/kubernetes/\($0)" }
        #expect(kubernetes.count >= 4, "\(kubernetes)")
        var manifests: [(String, [String: Any])] = []
        var texts = [("Dockerfile", dockerfile), ("compose.yaml", compose), ("deploy/README.md", try read("deploy/README.md"))]
        for path in kubernetes {
            let text = try read(path)
            texts.append((path, text))
            for document in try Yams.load_all(yaml: text) {
                manifests.append((path, try #require(document as? [String: Any], "\(path): a document is not a mapping")))
            }
        }
        return DeployFiles(
            dockerfile: dockerfile,
            entrypoint: try execForm("ENTRYPOINT", in: dockerfile),
            cmd: (try? execForm("CMD", in: dockerfile)) ?? [],
            compose: try #require(try Yams.load(yaml: compose) as? [String: Any]),
            manifests: manifests,
            allTexts: texts
        )
    }

    /// `INSTRUCTION ["a", "b"]` in the Dockerfile, which must be in exec form (JSON): the shell form
    /// would put a shell between tini and kickoff, and SIGTERM would not reach kickoff.
    static func execForm(_ instruction: String, in dockerfile: String) throws -> [String] {
        let lines = dockerfile.split(separator: "\n").filter { $0.hasPrefix(instruction + " ") }
        let line = try #require(lines.last, "no \(instruction) in the Dockerfile")
        let json = line.dropFirst(instruction.count + 1)
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// Every `KICKOFF_…` name in a text.
    static func kickoffNames(in text: String) -> [String] {
        text.split(whereSeparator: { !($0.isUppercase || $0.isNumber || $0 == "_") })
            .filter { $0.hasPrefix("KICKOFF_") && $0.count > "KICKOFF_".count }
            .map(String.init)
    }

    /// Whether an image reference names the Kickoff image (kickoff, kickoff:tag, registry/…/kickoff:tag).
    static func isKickoffImage(_ image: String?) -> Bool {
        guard let image else { return false }
        let name = image.split(separator: "/").last.map { $0.split(separator: ":").first.map(String.init) ?? "" } ?? ""
        return name == "kickoff"
    }

    /// What follows `kickoff` in a container's argv, nil when the argv does not run kickoff.
    static func afterKickoff(_ argv: [String]) -> [String]? {
        guard let index = argv.firstIndex(where: { $0 == "kickoff" || $0.hasSuffix("/kickoff") }) else { return nil }
        return Array(argv[(index + 1)...])
    }

    /// A compose `command:`/`entrypoint:` or Kubernetes `command:`/`args:`: a list, or a string compose splits.
    static func argv(_ value: Any?) -> [String]? {
        if let list = value as? [Any] { return list.map { "\($0)" } }
        if let string = value as? String { return string.split(separator: " ").map(String.init) }
        return nil
    }

    // MARK: Command lines

    func commandLines() throws -> [KickoffCommandLine] {
        var lines: [KickoffCommandLine] = []
        // The image on its own.
        let imageArguments = try #require(Self.afterKickoff(entrypoint), "the Dockerfile's ENTRYPOINT \(entrypoint) does not run kickoff")
        lines.append(KickoffCommandLine(origin: "Dockerfile ENTRYPOINT+CMD", arguments: imageArguments + cmd))
        // compose services on the Kickoff image: the service's entrypoint/command replace the image's.
        let services = try #require(compose["services"] as? [String: Any], "compose.yaml has no services")
        for (name, value) in services.sorted(by: { $0.key < $1.key }) {
            guard let service = value as? [String: Any], Self.isKickoffImage(service["image"] as? String) || service["build"] != nil else { continue }
            let argv = (Self.argv(service["entrypoint"]) ?? entrypoint) + (Self.argv(service["command"]) ?? cmd)
            let arguments = try #require(Self.afterKickoff(argv), "compose.yaml: service \(name) does not run kickoff: \(argv)")
            lines.append(KickoffCommandLine(origin: "compose.yaml: \(name)", arguments: arguments))
        }
        // Kubernetes containers on the Kickoff image: command replaces ENTRYPOINT, args replace CMD.
        for (origin, _, container) in kickoffContainers() {
            lines.append(try #require(commandLine(origin: origin, container: container), "\(origin) does not run kickoff"))
        }
        // Commands shown for `docker compose exec` / `kubectl exec` in comments and the README.
        for (file, text) in allTexts {
            for line in text.split(separator: "\n") where line.contains(" exec ") {
                guard let range = line.range(of: " kickoff ") else { continue }
                let rest = line[range.upperBound...].components(separatedBy: " #").first ?? ""
                lines.append(KickoffCommandLine(origin: "\(file): exec", arguments: rest.split(separator: " ").map(String.init)))
            }
        }
        return lines
    }

    func commandLine(origin: String, container: [String: Any]) -> KickoffCommandLine? {
        let argv = (Self.argv(container["command"]) ?? entrypoint) + (Self.argv(container["args"]) ?? cmd)
        return Self.afterKickoff(argv).map { KickoffCommandLine(origin: origin, arguments: $0) }
    }

    /// (origin, pod spec, container) for each container of the Kickoff image in the manifests.
    func kickoffContainers() -> [(String, [String: Any], [String: Any])] {
        manifests.flatMap { file, document -> [(String, [String: Any], [String: Any])] in
            let name = (document["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            guard let podSpec = ((document["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any] else { return [] }
            let containers = ((podSpec["containers"] as? [Any]) ?? []) + ((podSpec["initContainers"] as? [Any]) ?? [])
            return containers.compactMap { $0 as? [String: Any] }
                .filter { Self.isKickoffImage($0["image"] as? String) }
                .map { ("\(file): \(document["kind"] ?? "?") \(name)/\($0["name"] ?? "?")", podSpec, $0) }
        }
    }

    // MARK: Environment

    func environmentNames() throws -> [SetVariable] {
        var variables: [SetVariable] = []
        for (name, value) in (compose["services"] as? [String: Any] ?? [:]) {
            let environment = (value as? [String: Any])?["environment"]
            if let map = environment as? [String: Any] {
                variables += map.map { SetVariable(origin: "compose.yaml: \(name)", name: $0.key, value: $0.value as? String) }
            } else if let list = environment as? [String] {
                variables += list.map {
                    let parts = $0.split(separator: "=", maxSplits: 1).map(String.init)
                    return SetVariable(origin: "compose.yaml: \(name)", name: parts[0], value: parts.count > 1 ? parts[1] : nil)
                }
            }
        }
        for (origin, _, container) in kickoffContainers() {
            for entry in (container["env"] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
                let name = try #require(entry["name"] as? String, "\(origin): an env entry without a name")
                variables.append(SetVariable(origin: origin, name: name, value: entry["value"] as? String))
            }
        }
        for line in dockerfile.split(separator: "\n") where line.hasPrefix("ENV ") {
            variables += Self.kickoffNames(in: String(line)).map { SetVariable(origin: "Dockerfile ENV", name: $0, value: nil) }
        }
        return variables
    }
}

// MARK: - The CLI's own help

/// `kickoff … --help`, run once per subcommand path.
actor HelpCache {
    private var texts: [[String]: String] = [:]

    func text(_ path: [String]) async throws -> String {
        if let text = texts[path] { return text }
        let (status, output) = try await KickoffProcess.run(path + ["--help"])
        #expect(status == 0, "kickoff \(path.joined(separator: " ")) --help exited \(status): \(output)")
        texts[path] = output
        return output
    }

    /// The subcommand path at the start of `arguments` and the flags after it (`--name`, without `=value`).
    func split(_ arguments: [String]) async throws -> (path: [String], flags: [String]) {
        var path: [String] = []
        for argument in arguments {
            guard !argument.hasPrefix("-"), Self.subcommands(in: try await text(path)).contains(argument) else { break }
            path.append(argument)
        }
        let flags = arguments.filter { $0.hasPrefix("-") && $0 != "-" && $0 != "--" }
            .map { String($0.split(separator: "=", maxSplits: 1)[0]) }
        return (path, flags)
    }

    /// The names under SUBCOMMANDS: in ArgumentParser's help.
    static func subcommands(in help: String) -> Set<String> {
        var names: Set<String> = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || !line.hasPrefix(" ") { inSection = false; continue }
            if line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first { names.insert(String(name)) }
        }
        return names
    }

    /// Every `-x` / `--name` word in a help text.
    static func flags(in help: String) -> Set<String> {
        Set(help.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") })
            .filter { $0.hasPrefix("-") && $0.count > 1 }
            .map(String.init))
    }
}
