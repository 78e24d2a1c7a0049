/// A command line printed for a person to run next (a listing's next page), each word quoted for a
/// POSIX shell where it needs it: a value the user gave (`--pipeline 'a b'`, `--status "x;y"`) is
/// never pasted into the line as it is.
enum ShellCommand {
    static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    /// The word as it is when every character is one a shell takes literally, else in single quotes
    /// (inside which nothing is special but `'`, written `'\''`).
    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:,=+@%".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacing("'", with: #"'\''"#) + "'"
    }
}
