import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP server on 127.0.0.1 that plays a webhook receiver: it records every request and
/// answers as the test's `respond` decides (a status, or no answer at all).
public final class WebhookReceiver: Sendable {
    public struct Request: Sendable {
        public var path: String
        /// Lowercased names.
        public var headers: [String: String]
        public var body: [UInt8]
        /// 0 for the first request this receiver got.
        public var index: Int
    }

    public enum Reply: Sendable {
        case status(Int, headers: [String: String] = [:])
        /// Never answer (the connection stays open until the client gives up or dies).
        case hang
    }

    public let port: Int
    private let channel: any Channel
    private let log: NIOLockedValueBox<[Request]>

    /// Listens on `port` (a free one when nil).
    public init(port: Int? = nil, respond: @escaping @Sendable (Request) -> Reply = { _ in .status(204) }) async throws {
        let log = NIOLockedValueBox<[Request]>([])
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ReceiverHandler(log: log, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: port ?? 0).get()
        self.port = channel.localAddress?.port ?? port ?? 0
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public var requests: [Request] { log.withLockedValue { $0 } }

    public func close() async {
        try? await channel.close()
    }
}

private final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: NIOLockedValueBox<[WebhookReceiver.Request]>
    private let respond: @Sendable (WebhookReceiver.Request) -> WebhookReceiver.Reply
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: NIOLockedValueBox<[WebhookReceiver.Request]>, respond: @escaping @Sendable (WebhookReceiver.Request) -> WebhookReceiver.Reply) {
        self.log = log
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = log.withLockedValue { log in
                let request = WebhookReceiver.Request(path: head.uri, headers: headers, body: body, index: log.count)
                log.append(request)
                return request
            }
            guard case .status(let code, let extra) = respond(request) else { return }
            var responseHeaders = HTTPHeaders([("content-length", "0")])
            for (name, value) in extra { responseHeaders.add(name: name, value: value) }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: code), headers: responseHeaders))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
