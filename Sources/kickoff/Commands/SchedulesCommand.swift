import ArgumentParser
import KickoffModel

/// `kickoff schedules list`: the pipeline file's schedules as the front sees them.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Show the schedules: next fire times, last fired, the leading scheduler.",
        subcommands: [SchedulesListCommand.self], defaultSubcommand: SchedulesListCommand.self
    )
}

struct SchedulesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the schedules with their next fire times.")

    @OptionGroup var client: ClientOptions

    /// The front gives each schedule this many next fire times (`next_fire_times`).
    static let nextRange = 1...ScheduleList.nextFireTimeCount

    @Option(help: ArgumentHelp("How many next fire times to show (1…\(ScheduleList.nextFireTimeCount)).", valueName: "n"))
    var next: Int = 1

    func validate() throws {
        guard Self.nextRange.contains(next) else {
            throw ValidationError("--next: \(next) is out of range (\(Self.nextRange.lowerBound)…\(Self.nextRange.upperBound): the front gives that many)")
        }
    }

    func run() async throws {
        try await client.withAPIClient { api in
            let list = try await api.decode(ScheduleList.self, .get, "/v1/schedules")
            let rows = list.schedules.map { entry in
                [entry.pipeline, entry.name, "\(entry.kind) \(entry.expression)", entry.timezone, entry.misfire,
                 entry.next_fire_times.prefix(next).joined(separator: " "), entry.last_fired_tick ?? "-", entry.last_run_id ?? "-"]
            }
            StandardOutput.write(TextTable(rows: [["PIPELINE", "SCHEDULE", "WHEN", "ZONE", "MISFIRE", "NEXT", "LAST FIRED", "LAST RUN"]] + rows).render())
            if let leader = list.leader {
                StandardOutput.write("leader: \(leader.holder) (epoch \(leader.epoch))\n")
            } else {
                StandardOutput.write("leader: none (no kickoff serve or worker is running the scheduler)\n")
            }
        }
    }
}
