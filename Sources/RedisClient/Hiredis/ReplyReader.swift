import CHiredis

/// hiredis's RESP2 parser. Fed bytes in any chunking, it hands back whole replies.
/// One per connection, used from one thread at a time; after a protocol error it stays failed.
final class ReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init?() {
        guard let reader = redisReaderCreate() else { return nil }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Copies the bytes into the reader's buffer.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(ReplyReaderError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count) == REDIS_OK else {
            throw ReplyReaderError(reason: errorText)
        }
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws(ReplyReaderError) -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw ReplyReaderError(reason: errorText)
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return RedisReply(hiredis: raw.assumingMemoryBound(to: redisReply.self))
    }

    private var errorText: String {
        withUnsafeBytes(of: reader.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

struct ReplyReaderError: Error {
    var reason: String
}

extension RedisReply {
    /// Copies a hiredis reply tree into Swift values; the caller frees the C tree.
    init(hiredis reply: UnsafePointer<redisReply>) {
        let raw = reply.pointee
        switch raw.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Self.bytes(raw.str, raw.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(raw.str, raw.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(raw.str, raw.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(raw.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(raw.elements)
            for index in 0..<raw.elements {
                if let element = raw.element[index] {
                    elements.append(RedisReply(hiredis: element))
                } else {
                    elements.append(.null)
                }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
