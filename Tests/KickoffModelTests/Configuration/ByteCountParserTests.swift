import KickoffModel
import Testing

@Suite struct ByteCountParserTests {
    @Test(arguments: [
        ("0", 0), ("512", 512), ("512B", 512), ("1KiB", 1_024), ("1MiB", 1_048_576), ("2GiB", 2_147_483_648),
        ("1kb", 1_000), ("10MB", 10_000_000), ("1mib", 1_048_576),
    ] as [(String, Int64)])
    func parses(text: String, bytes: Int64) throws {
        #expect(try ByteCountParser.parse(text) == bytes)
    }

    @Test(arguments: ["", "MiB", "1.5MiB", "1 MiB", "1TiB", "-1", "99999999999999999999", "9999999999GiB"])
    func rejects(text: String) {
        #expect(throws: ByteCountParseError.self) { try ByteCountParser.parse(text) }
    }
}
