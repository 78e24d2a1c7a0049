import NIOCore

/// One command on its way: the reply completes the promise.
struct RedisRequest: Sendable {
    var command: RedisCommand
    var promise: EventLoopPromise<RedisReply>
}

/// Encodes commands with hiredis's formatter and decodes replies with hiredis's reader.
/// Redis answers in order, so replies complete the pending promises first-in, first-out:
/// any number of callers can pipeline over one connection.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private let endpoint: String
    private let reader: ReplyReader?
    private var pending = CircularBuffer<(promise: EventLoopPromise<RedisReply>, deadline: NIODeadline)>(initialCapacity: 64)
    /// Set once the connection is unusable; later requests fail at once with it.
    private var failure: RedisError?
    /// How long the oldest command may wait for its reply before the connection counts as dead
    /// (a stalled server or a network black hole sends no reset). Nil for blocking commands.
    private let commandTimeout: TimeAmount?
    private var timeoutCheck: Scheduled<Void>?
    /// On a primary found through the sentinels: a READONLY reply means it was demoted, so the
    /// connection closes and the next one asks the sentinels again.
    private let closesWhenPrimaryMoves: Bool

    /// A flush is on its way: later ones in the same event-loop turn ride along with it.
    private var flushPending = false

    init(endpoint: String, commandTimeout: TimeAmount?, closesWhenPrimaryMoves: Bool = false) {
        self.endpoint = endpoint
        self.reader = ReplyReader()
        self.commandTimeout = commandTimeout
        self.closesWhenPrimaryMoves = closesWhenPrimaryMoves
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure = failure ?? (reader == nil ? .protocolViolation(endpoint: endpoint, reason: "no reply reader") : nil) {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 0)
        CommandFormatter.withEncoded(request.command) { bytes in
            _ = buffer.writeBytes(bytes)
        }
        pending.append((request.promise, commandTimeout.map { .now() + $0 } ?? .distantFuture))
        if pending.count == 1 { scheduleTimeoutCheck(context: context) }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    /// Concurrent callers each submit their commands in a task of their own on this loop, each ending
    /// with a flush. The flush is put off to the end of the tasks already queued, so the commands of all
    /// of them leave in one write (one syscall here, one read for Redis) instead of one each.
    func flush(context: ChannelHandlerContext) {
        guard !flushPending else { return }
        flushPending = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            handler.value.flushPending = false
            boundContext.value.flush()
        }
    }

    /// One timer at a time, set for the oldest command's deadline: replies cost nothing extra.
    private func scheduleTimeoutCheck(context: ChannelHandlerContext) {
        guard let commandTimeout, timeoutCheck == nil, let oldest = pending.first else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timeoutCheck = context.eventLoop.scheduleTask(deadline: oldest.deadline) {
            let handler = handler.value
            handler.timeoutCheck = nil
            guard let oldest = handler.pending.first else { return }
            if oldest.deadline <= .now() {
                handler.fail(context: boundContext.value, with: .connection(
                    endpoint: handler.endpoint, reason: "no reply within \(Duration.nanoseconds(commandTimeout.nanoseconds))"))
            } else {
                handler.scheduleTimeoutCheck(context: boundContext.value)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reader else { return }
        let buffer = unwrapInboundIn(data)
        var primaryMoved: RedisReply?
        do {
            try buffer.withUnsafeReadableBytes { bytes throws(ReplyReaderError) in try reader.feed(bytes) }
            while let reply = try reader.next() {
                guard let promise = pending.popFirst()?.promise else {
                    fail(context: context, with: .protocolViolation(endpoint: endpoint, reason: "a reply arrived for no command: \(reply)"))
                    return
                }
                promise.succeed(reply)
                if closesWhenPrimaryMoves && SentinelResolver.meansPrimaryMoved(reply) { primaryMoved = reply }
            }
            // The replies already here are delivered; what is still pending went to a replica.
            if let primaryMoved {
                fail(context: context, with: .connection(endpoint: endpoint, reason: "the primary moved (\(primaryMoved))"))
            }
        } catch {
            fail(context: context, with: .protocolViolation(endpoint: endpoint, reason: error.reason))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPending(with: .connection(endpoint: endpoint, reason: "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, with: .connection(endpoint: endpoint, reason: ConnectionFailureText.of(error)))
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        failPending(with: error)
        context.close(promise: nil)
    }

    private func failPending(with error: RedisError) {
        if failure == nil { failure = error }
        timeoutCheck?.cancel()
        timeoutCheck = nil
        while let request = pending.popFirst() {
            request.promise.fail(error)
        }
    }
}
