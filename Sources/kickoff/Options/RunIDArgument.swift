/// A run id as typed on the command line. UUIDs are case-insensitive (RFC 9562), and some tools print
/// them in upper case: such an id is accepted and sent in the lower-case form the front stores,
/// rather than answered with "run ids are UUIDs".
enum RunIDArgument {
    static func normalized(_ text: String) -> String {
        text.lowercased()
    }
}
