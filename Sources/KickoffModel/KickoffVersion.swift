/// Kickoff's version: the one place it is written. `kickoff --version` prints it and the client
/// commands send it in their `User-Agent`; change it here when cutting a release.
public enum KickoffVersion {
    public static let current = "0.1.0"
}
