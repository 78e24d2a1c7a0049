import ArgumentParser
import NIOCore
import NIOPosix

// The front is I/O-bound: running Swift concurrency's jobs on NIO's event loops spares every request
// the hops between the cooperative pool and the event loop that owns its sockets (a thread switch
// each way). Safe because the front never blocks a thread (it uses the NIO Redis client only);
// the worker's blocking hiredis calls run on threads of their own and never install this.
// It must be installed from the main thread before any task starts, hence no `@main` type.
if CommandLine.arguments.dropFirst().first == "serve" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

// What `AsyncParsableCommand.main()` does. Top-level code would resolve `Kickoff.main()` and
// `run()` to the synchronous ones (which only print an async command's help): inside an async
// function the async ones are chosen.
func runCommand() async {
    do {
        var command = try Kickoff.parseAsRoot()
        if var command = command as? any AsyncParsableCommand {
            try await command.run()
        } else {
            try command.run()
        }
    } catch {
        Kickoff.exit(withError: error)
    }
}
await runCommand()
