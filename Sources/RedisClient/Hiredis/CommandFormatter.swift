import CHiredis

/// hiredis's RESP2 command encoder, over binary-safe argv.
enum CommandFormatter {
    /// Calls `body` with the command encoded as RESP2 bytes; the bytes are valid only inside `body`.
    static func withEncoded<Result>(_ command: RedisCommand, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withArgv(command.arguments) { argc, argv, lengths in
            var target: UnsafeMutablePointer<CChar>?
            let length = redisFormatCommandArgv(&target, argc, argv, lengths)
            // Formatting only fails when malloc does; there is no way to go on without memory.
            guard length >= 0, let target else { fatalError("hiredis could not allocate a command buffer") }
            defer { redisFreeCommand(target) }
            return body(UnsafeRawBufferPointer(start: target, count: Int(length)))
        }
    }

    /// The argv/argvlen pair hiredis wants: pointers into one contiguous copy of the arguments.
    static func withArgv<Result>(
        _ arguments: [[UInt8]],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        var flat: [UInt8] = []
        flat.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(flat.count)
            lengths.append(argument.count)
            flat.append(contentsOf: argument)
        }
        // A sentinel at the end of each array: never empty, so every base address below exists.
        flat.append(0)
        lengths.append(0)
        return flat.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 } + [nil]
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvlen in
                    body(Int32(arguments.count), argv.baseAddress!, argvlen.baseAddress!)
                }
            }
        }
    }
}
