import Yams

extension PipelineFileParser {
    static let scheduleKeys = ["cron", "every", "preset", "parameters", "timezone", "misfire"]

    /// `schedules`: a list of entries, each with exactly one of `cron` and `every`. The values a
    /// schedule triggers with are resolved against the pipeline now, so that a schedule that could
    /// never start a run is an error at load time rather than a failure at 3 a.m.
    mutating func parseSchedules(_ node: Node, of pipeline: Pipeline, checkValues: Bool, _ what: String) -> [ScheduleEntry] {
        var schedules: [ScheduleEntry] = []
        for (index, item) in (items(of: node, "\(what): schedules") ?? []).enumerated() {
            let entryWhat = "\(what): schedule \(index + 1)"
            guard let entries = entries(of: item, entryWhat, allowedKeys: Self.scheduleKeys) else { continue }
            var valid = true
            var schedule = ScheduleEntry()

            switch (entries["cron"], entries["every"]) {
            case (nil, nil):
                report("\(entryWhat) needs 'cron' or 'every'", at: item)
                valid = false
            case (.some, .some(let every)):
                report("\(entryWhat) has both 'cron' and 'every'; give only one", at: every)
                valid = false
            case (let cron?, nil):
                schedule.cron = text(cron, "\(entryWhat): cron")
                valid = valid && schedule.cron != nil
            case (nil, let every?):
                schedule.every = duration(every, "\(entryWhat): every")
                valid = valid && schedule.every != nil
            }

            if let presetNode = entries["preset"], let preset = text(presetNode, "\(entryWhat): preset") {
                if pipeline.presets[preset] == nil {
                    let known = pipeline.presets.keys.sorted()
                    let hint = KeySuggestion.closest(to: preset, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                    report("\(entryWhat): the pipeline has no preset '\(preset)'\(hint)", at: presetNode)
                    valid = false
                }
                schedule.preset = preset
            }
            for entry in entries["parameters"].flatMap({ self.entries(of: $0, "\(entryWhat): parameters") }) ?? [] {
                if let value = jsonValue(entry.value, "\(entryWhat): parameter '\(entry.key)'") {
                    schedule.parameters[entry.key] = value
                } else {
                    valid = false
                }
            }
            schedule.timezone = entries["timezone"].flatMap { text($0, "\(entryWhat): timezone") }
            schedule.misfire = entries["misfire"].flatMap { text($0, "\(entryWhat): misfire") }

            if valid, checkValues, case .failure(let errors) = pipeline.resolve(schedule.triggerValues) {
                for error in errors.errors {
                    report("\(entryWhat): \(error.field): \(error.message)", at: item)
                }
            }
            schedules.append(schedule)
        }
        return schedules
    }
}
