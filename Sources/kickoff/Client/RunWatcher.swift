import KickoffModel

/// Follows a run to its end, showing each step as it starts and ends: what `trigger --wait` does.
struct RunWatcher: Sendable {
    let client: KickoffAPIClient
    let live: Bool

    /// Returns the run in its final state.
    func watch(_ initial: RunObject) async throws(ClientError) -> RunObject {
        let printer = ProgressPrinter(steps: initial.steps.map(\.name), live: live)
        var progress = RunProgress()
        await printer.show(progress.changes(initial))
        guard !initial.status.isFinal else { return initial }

        let follower = RunEventFollower(client: client, runID: initial.id)
        let outcome: Result<RunObject, ClientError> = await withTaskGroup(of: Void.self) { group in
            if live {
                // Keeps the live line's elapsed time moving between events.
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(100))
                        await printer.tick()
                    }
                }
            }
            defer { group.cancelAll() }
            do throws(ClientError) {
                // Every event means something changed: a fresh snapshot says what.
                try await follower.follow { _ throws(ClientError) in
                    await printer.show(progress.changes(try await client.run(id: initial.id)))
                }
                let final = try await client.run(id: initial.id)
                await printer.show(progress.changes(final))
                return .success(final)
            } catch {
                return .failure(error)
            }
        }
        await printer.clearLiveLine()
        return try outcome.get()
    }
}
