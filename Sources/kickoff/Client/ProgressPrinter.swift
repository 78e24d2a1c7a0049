import Foundation
import KickoffModel

/// Shows a run's progress. Every step's start and end is a line of its own
/// (`load_data      succeeded  0.4s`); on a terminal a live line below them names the running step
/// with its elapsed time, redrawn in place with `\r` by `tick()`.
actor ProgressPrinter {
    let live: Bool
    private let nameWidth: Int
    private var running: (name: String, since: ContinuousClock.Instant)?
    private var ended = 0
    private let total: Int
    private var liveLineShown = false

    init(steps: [String], live: Bool) {
        self.live = live
        nameWidth = max(12, steps.map(\.count).max() ?? 0) + 2
        total = steps.count
    }

    func show(_ changes: [ProgressChange]) {
        guard !changes.isEmpty else { return }
        clearLiveLine()
        for change in changes {
            switch change {
            case .attempt(let attempt, let maximum):
                ended = 0
                running = nil
                StandardOutput.write("attempt \(attempt) of \(maximum)\n")
            case .stepStarted(let name):
                running = (name, .now)
                // On a terminal the live line shows the start; plain output gets a line of its own.
                if !live { StandardOutput.write(padded(name) + "started\n") }
            case .stepEnded(let name, let status, let elapsed, let error):
                if running?.name == name { running = nil }
                ended += 1
                var line = padded(name) + status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                line += elapsed.map(ElapsedText.format) ?? ""
                if let error, status == .failed { line += "  (\(error))" }
                StandardOutput.write(line.trimmingTrailingSpaces + "\n")
            }
        }
        tick()
    }

    /// Redraws the live line (terminal only).
    func tick() {
        guard live, let running else { return }
        let elapsed = ElapsedText.format(ContinuousClock.now - running.since)
        StandardOutput.write("\r\u{1B}[2K" + padded(running.name) + "running    \(elapsed)   [\(ended + 1)/\(total)]")
        liveLineShown = true
    }

    /// Removes the live line before other output (and at the end).
    func clearLiveLine() {
        guard liveLineShown else { return }
        StandardOutput.write("\r\u{1B}[2K")
        liveLineShown = false
    }

    private func padded(_ name: String) -> String {
        name.padding(toLength: max(nameWidth, name.count + 1), withPad: " ", startingAt: 0)
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
