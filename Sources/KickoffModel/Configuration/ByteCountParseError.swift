/// Why a text is not a size; `description` is the message.
public struct ByteCountParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String {
        "invalid size '\(text)': \(reason) (use a whole number of bytes, or KiB, MiB, GiB, KB, MB, GB as in 1MiB)"
    }
}
