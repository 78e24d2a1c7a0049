import Foundation
import Yams

extension PipelineFileParser {
    static let scheduleKeys = ["name", "cron", "every", "preset", "parameters", "timezone", "misfire"]

    /// `schedules`: a list of entries, each with exactly one of `cron` and `every`. The values a
    /// schedule triggers with are resolved against the pipeline now, so that a schedule that could
    /// never start a run is an error at load time rather than a failure at 3 a.m.
    mutating func parseSchedules(_ node: Node, of pipeline: Pipeline, checkValues: Bool, _ what: String) -> [ScheduleEntry] {
        var schedules: [ScheduleEntry] = []
        for (index, item) in (items(of: node, "\(what): schedules") ?? []).enumerated() {
            let entryWhat = "\(what): schedule \(index + 1)"
            guard let entries = entries(of: item, entryWhat, allowedKeys: Self.scheduleKeys) else { continue }
            var valid = true
            var name = "\(pipeline.name)-\(index + 1)"
            if let nameNode = entries["name"], let given = text(nameNode, "\(entryWhat): name") {
                if NameRules.isValidName(given) {
                    name = given
                } else {
                    report("\(entryWhat): invalid name '\(given)': use 1 to 64 letters, digits, '_' or '-'", at: nameNode)
                    valid = false
                }
            }
            if !scheduleNames.insert(name).inserted {
                report("\(entryWhat): another schedule is already named '\(name)'; names must be unique in the file", at: entries["name"] ?? item)
                valid = false
            }
            var timeZone = ScheduleEntry.utc, timezoneName = "UTC"
            if let zoneNode = entries["timezone"], let identifier = text(zoneNode, "\(entryWhat): timezone") {
                if let zone = TimeZone(identifier: identifier) {
                    timeZone = zone
                    timezoneName = identifier
                } else {
                    report("\(entryWhat): unknown time zone '\(identifier)' (expected an IANA name such as Europe/Berlin)", at: zoneNode)
                    valid = false
                }
            }
            var misfire = MisfirePolicy.runOnce
            if let misfireNode = entries["misfire"], let word = text(misfireNode, "\(entryWhat): misfire") {
                if let policy = MisfirePolicy(rawValue: word) {
                    misfire = policy
                } else {
                    report("\(entryWhat): misfire must be skip or run_once, not '\(word)'", at: misfireNode)
                    valid = false
                }
            }
            var timing: ScheduleTiming?

            switch (entries["cron"], entries["every"]) {
            case (nil, nil):
                report("\(entryWhat) needs 'cron' or 'every'", at: item)
                valid = false
            case (.some, .some(let every)):
                report("\(entryWhat) has both 'cron' and 'every'; give only one", at: every)
                valid = false
            case (let cron?, nil):
                if let expression = text(cron, "\(entryWhat): cron") {
                    do {
                        timing = .cron(try CronExpression(expression), timeZone)
                    } catch {
                        report("\(entryWhat): \(error.description)", at: cron)
                    }
                }
            case (nil, let every?):
                if let interval = duration(every, "\(entryWhat): every") {
                    if interval < .seconds(1) {
                        report("\(entryWhat): every must be at least 1s", at: every)
                    } else {
                        timing = .every(interval)
                    }
                }
            }
            valid = valid && timing != nil
            var schedule = ScheduleEntry(name: name, timing: timing ?? .every(.seconds(1)), timeZone: timeZone, timezoneName: timezoneName, misfire: misfire)

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

            if valid, checkValues, case .failure(let errors) = pipeline.resolve(schedule.triggerValues) {
                for error in errors.errors {
                    report("\(entryWhat): \(error.field): \(error.message)", at: item)
                }
            }
            if valid { schedules.append(schedule) }
        }
        return schedules
    }
}
