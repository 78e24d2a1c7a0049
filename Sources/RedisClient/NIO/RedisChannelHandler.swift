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
    private var pending = CircularBuffer<EventLoopPromise<RedisReply>>(initialCapacity: 64)
    /// Set once the connection is unusable; later requests fail at once with it.
    private var failure: RedisError?

    init(endpoint: String) {
        self.endpoint = endpoint
        self.reader = ReplyReader()
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
        pending.append(request.promise)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reader else { return }
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { bytes throws(ReplyReaderError) in try reader.feed(bytes) }
            while let reply = try reader.next() {
                guard let promise = pending.popFirst() else {
                    fail(context: context, with: .protocolViolation(endpoint: endpoint, reason: "a reply arrived for no command: \(reply)"))
                    return
                }
                promise.succeed(reply)
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
        fail(context: context, with: .connection(endpoint: endpoint, reason: "\(error)"))
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        failPending(with: error)
        context.close(promise: nil)
    }

    private func failPending(with error: RedisError) {
        if failure == nil { failure = error }
        while let promise = pending.popFirst() {
            promise.fail(error)
        }
    }
}
