import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Logging
import RedisClient
import ServiceLifecycle
import Testing

/// The pages' live streams, signed in by the session cookie.
@Suite struct DashboardEventTests {
    @Test func aRunsStreamReplaysItsEventsAndEndsAfterTheFinalOne() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            #expect(try await SimulatedWorker.runToSuccess(fixture.queue) == run.id)
            let anonymous = try await client.execute(uri: "/ui/runs/\(run.id)/events", method: .get)
            #expect(anonymous.headers[.location] == "/ui/login")
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let stream = try await browser.get("/ui/runs/\(run.id)/events")
            #expect(stream.headers[.contentType] == "text/event-stream")
            let types = stream.text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { $0.dropFirst(7) }
            #expect(types.first == "run.queued")
            #expect(types.contains("step.succeeded"))
            #expect(types.last == "run.succeeded")
        }
    }

    @Test func theListStreamTellsAChangeMadeAfterThePageWasRendered() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let page = try await browser.get("/ui/runs").text
            let marker = #"data-list-events="/ui/runs/events?runs=\#(run.id):queued&amp;newest=\#(run.id)""#
            #expect(page.contains(marker))
            // Between rendering and the stream, the run is canceled: the stream says so at once.
            _ = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.trigger)
            let stream = try await browser.get("/ui/runs/events?runs=\(run.id):queued")
            #expect(stream.headers[.contentType] == "text/event-stream")
            #expect(stream.text.contains("event: run.canceled\n"))
            #expect(stream.text.contains(#""run_id":"\#(run.id)""#))

            let bad = try await browser.get("/ui/runs/events?runs=not-a-run:queued")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func theListStreamFollowsAShownRunUntilItChanges() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            // The stream is open (it holds a follower place) before the worker claims the run.
            let streaming = Task { try await browser.get("/ui/runs/events?runs=\(run.id):queued") }
            let state = fixture.front.state
            try await Eventually.poll("the list stream is following") { state.followers.inUse == 1 }
            _ = try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) }
            let stream = try await streaming.value
            #expect(stream.text.contains("event: run.running\n"))
        }
    }
}

extension DashboardEventTests {
    /// Step events between the page and the run's end are read past, and the stream ends with the
    /// run's status. (Regression: they used to leave the position where it was, so each later read
    /// returned them again at once, a busy loop, until the final event came.)
    @Test func theListStreamReadsPastStepEventsAndWaitsForTheRunsStatus() async throws {
        let fixture = try await FrontFixture()
        let state = fixture.front.state
        let run = fixture.queue.newRun(steps: ["a"])
        try await fixture.queue.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) })
        let stream = RunListStream(streams: state.store.eventStreams, limit: state.followers)
        let reads = Task {
            var received: [RunListStream.Item] = []
            try await stream.follow(runs: [(run.id, "running")]) { received = $0 }
            return received
        }
        try await Eventually.poll("the list stream is following") { state.followers.inUse == 1 }
        try await fixture.queue.blocking { queue in
            _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started")
        }
        try await fixture.queue.blocking { queue in
            _ = try queue.finish(claimed, status: .succeeded, outputs: .object([:]), error: nil)
        }
        let items = try await reads.value
        #expect(items.count == 1)
        guard case .status(let type, _)? = items.first else { Issue.record("no status item"); return }
        #expect(type == "run.succeeded")
    }
}

extension DashboardEventTests {
    /// The page's newest run is the baseline of its stream, not the index's newest when the stream
    /// starts. (Regression: a run created between rendering a list page and opening its stream —
    /// many runs created at once make that likely — was never noticed by that page.)
    @Test func aRunCreatedBetweenThePageAndItsStreamIsNewsAtOnce() async throws {
        let fixture = try await FrontFixture()
        let state = fixture.front.state
        try await fixture.test { client in
            let shown = try #require(try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                                              body: ByteBuffer(string: #"{"parameters":{"source":"s"}}"#)).runObject)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let page = try await browser.get("/ui/runs").text
            #expect(page.contains("runs=\(shown.id):queued&amp;newest=\(shown.id)"))
            let bad = try await browser.get("/ui/runs/events?runs=\(shown.id):queued&newest=nope")
            #expect(bad.status == .badRequest)

            _ = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                         body: ByteBuffer(string: #"{"parameters":{"source":"t"}}"#))
            // Short slices and lifetime: were the new run not news, the stream would end with quiet slices only.
            let stream = RunListStream(streams: state.store.eventStreams, limit: state.followers,
                                       slice: .milliseconds(50), lifetime: .seconds(2))
            var batches: [[RunListStream.Item]] = []
            try await stream.follow(runs: [(shown.id, "queued")], newest: shown.id) { batches.append($0) }
            #expect(batches == [[.newRuns]])
        }
    }

    /// A quiet slice reaches the route (which writes a comment); a write that fails, as it does once
    /// the browser has gone, ends the stream and gives its Redis connection and follower place back.
    /// (Regression: a list page left while nothing happened kept both for the stream's whole five
    /// minutes, and held up the front's shutdown as long.)
    @Test func aQuietSliceReachesTheRouteAndAFailedWriteEndsTheStream() async throws {
        let fixture = try await FrontFixture()
        let state = fixture.front.state
        let run = fixture.queue.newRun(steps: ["a"])
        try await fixture.queue.blocking { try $0.enqueue(run) }
        _ = try #require(try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) })
        let stream = RunListStream(streams: state.store.eventStreams, limit: state.followers, slice: .milliseconds(50))
        struct ClientGone: Error {}
        var received: [[RunListStream.Item]] = []
        await #expect(throws: ClientGone.self) {
            try await stream.follow(runs: [(run.id, "running")], newest: run.id) { items in
                received.append(items)
                throw ClientGone()
            }
        }
        #expect(received == [[.quiet]])
        #expect(state.followers.inUse == 0)
    }
}

extension DashboardEventTests {
    /// The front's graceful shutdown waits for the responses under way: a list stream ends within a
    /// slice of it. (Regression: `kickoff dev` took up to 5 min to stop while a runs list was open.)
    @Test func gracefulShutdownEndsAListStream() async throws {
        let fixture = try await FrontFixture()
        let state = fixture.front.state
        let run = fixture.queue.newRun(steps: ["a"])
        try await fixture.queue.blocking { try $0.enqueue(run) }
        _ = try #require(try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) })
        // A lifetime that only bounds a failing test.
        let stream = RunListStream(streams: state.store.eventStreams, limit: state.followers,
                                   slice: .milliseconds(50), lifetime: .seconds(60))
        struct Following: Service {
            let stream: RunListStream
            let id: String
            func run() async throws { try await stream.follow(runs: [(id, "running")], newest: id) { _ in } }
        }
        let group = ServiceGroup(services: [Following(stream: stream, id: run.id)], logger: Logger(label: "kickoff-front-test"))
        let running = Task { try await group.run() }
        try await Eventually.poll("the list stream is following") { state.followers.inUse == 1 }
        await group.triggerGracefulShutdown()
        try await Eventually.poll("the list stream has ended") { state.followers.inUse == 0 }
        try await running.value
    }
}
